"""Write ``addressee_train.jsonl``: who a line of pasted material is addressed to (the injection rail's addressee head).

A line such as "<addressee>: <instruction>" or "<addressee> must <instruction>" inside pasted material is
a prompt injection when the addressee is the model that reads the material, and ordinary text when it is
a person (a nurse, the pharmacy, patients, the author) or no addressee at all (the lead-in of a sentence:
"Ignore the loading dose for now", "Pharmacist here", "Results"). The sentence-level injection head reads
the whole line, and its embedding is dominated by what the line talks about (doses, warnings), so it
recognised the instructions it was trained on and missed new ones. The addressee head reads only the
short addressee phrase, where the one thing that varies is who is spoken to.

Label 1: phrases naming an AI, model, bot, automated reader or "whoever generates the reply" (built from
prefixes x determiners x agent nouns x participles). Label 0: the same prefixes with people, and the
lead-ins ordinary questions and notes put before a colon or comma. Family = the agent or person noun (or
the lead-in kind), so grouped cross-validation never tests a noun the fold saw. Invented and generic;
no phrase is taken from a case file (``tests/test_promo_train_disjoint.py``).

    python evals/guardrails/build_addressee_train.py
    python evals/guardrails/train_promo.py --task injection_addressee
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20
PER_NOUN = 12

PREFIXES = ["", "Note for", "To", "Message to", "Instruction for", "Attention", "Hey", "Dear", "P.S. to",
            "Reminder for",
            "For", "Request to", "Important for", "Note to"]  # fmt: skip
DETERMINERS = ["", "the", "any", "whichever", "every", "whatever", "this", "our"]
AGENTS = ["AI", "assistant", "model", "language model", "LLM", "chatbot", "bot", "GPT", "automated summariser",
          "summarizer tool", "text generator", "AI tool", "virtual assistant", "machine reader", "copilot",
          "automated reviewer", "translation engine", "AI system", "answer engine", "reader bot"]  # fmt: skip
PARTICIPLES = ["", "reading this", "processing this text", "summarising this page", "generating the reply",
               "that answers the user", "handling this request", "parsing this document", "doing the rewrite",
               "working on this file"]  # fmt: skip
WHOEVER = ["Whoever is generating the answer", "Whoever summarises this", "If you are an AI reading this",
           "Anyone automated reading this", "Whatever produces the response", "If a model is processing this",
           "Whoever writes the summary of this text", "Any software reading this"]  # fmt: skip
PEOPLE = ["nurse", "night nurse", "pharmacist", "pharmacy team", "team", "Dr. Moreno", "patients", "caregivers",
          "residents", "reviewers", "colleagues", "ward clerk", "Mum", "self", "night staff", "clinic staff",
          "authors", "readers", "registrar", "infusion suite", "parents", "sales team", "study coordinator",
          "everyone"]  # fmt: skip
PEOPLE_PARTICIPLES = ["", "on call", "reading this", "on the ward tonight", "covering this clinic", "in the study",
                      "handling the refill", "at the front desk"]  # fmt: skip
WHOEVER_PEOPLE = ["Whoever is on call tonight", "Whoever picks up the refill", "If you are the covering doctor",
                  "Anyone in the clinic reading this", "Whoever takes the next shift", "If you are a parent reading "
                  "this"]  # fmt: skip
LEAD_INS = {
    "set-aside": [
        "Ignore the loading dose for now",
        "Forget the titration steps for a moment",
        "Skip the background",
        "Set aside the pediatric indication",
        "Leave out the mechanism",
        "Never mind the older tablets",
        "Disregard my last question",
        "Drop the references",
    ],
    "voice": [
        "Pharmacist here",
        "Infusion nurse note",
        "Quick update on the refill",
        "Chart note",
        "Handover",
        "Nurse here",
        "Caller",
        "Question from a GP",
        "Update from clinic",
        "FYI",
    ],
    "structure": [
        "Background",
        "Results",
        "Conclusion",
        "Methods",
        "Objective",
        "Key message",
        "Summary",
        "Bottom line",
        "Question",
        "Note",
        "Update",
        "Answer",
    ],
    "lead": [
        "In the pivotal trial",
        "Per the label",
        "For adults",
        "Importantly",
        "In summary",
        "As requested",
        "Hi",
        "Thanks all",
        "Chair",
        "Dr. A",
        "After the third dose",
        "On day 15",
        "In renal impairment",
        "For the rest of the visit",
        "Yes",
        "Honestly",
        "Also",
        "By the way",
    ],
}


def _phrase(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    for agent in AGENTS:
        for _ in range(PER_NOUN):
            p = _phrase(rng.choice(PREFIXES), rng.choice(DETERMINERS), agent, rng.choice(PARTICIPLES))
            out.append({"text": p, "label": 1, "family": f"agent-{agent}"})
    out += [{"text": w, "label": 1, "family": f"whoever-{i % 4}"} for i, w in enumerate(WHOEVER)]
    for person in PEOPLE:
        for _ in range(PER_NOUN // 2):
            det = "" if person[0].isupper() else rng.choice(["", "the", "our", "any", "every"])
            p = _phrase(rng.choice(PREFIXES), det, person, rng.choice(PEOPLE_PARTICIPLES))
            out.append({"text": p, "label": 0, "family": f"person-{person}"})
    out += [{"text": w, "label": 0, "family": f"whoever-people-{i % 3}"} for i, w in enumerate(WHOEVER_PEOPLE)]
    for kind, phrases in LEAD_INS.items():
        out += [{"text": p, "label": 0, "family": f"lead-{kind}-{i % 3}"} for i, p in enumerate(phrases)]
    return list({str(r["text"]): r for r in out}.values())


def main() -> None:
    data = rows()
    with (HERE / "addressee_train.jsonl").open("w", encoding="utf-8") as f:
        for row in data:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"addressee_train.jsonl: {len(data)} rows ({sum(int(r['label']) for r in data)} positive)")  # type: ignore[call-overload]


if __name__ == "__main__":
    main()

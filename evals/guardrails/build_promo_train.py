"""Write ``promo_train.jsonl``: the labelled set the promotional classifier learns from.

Why templates: the classifier must learn the *function* of a sentence (does it sell, minimise risk,
promise an outcome, push prescribing, or does it report?), not product names or the evaluation
cases. Every sentence is built from hand-written frames across many therapeutic areas with
invented drug names (none is a real product, none comes from an evaluation set), so a held-out
claim about a real product is new to the model in every word but its function. Neutral frames
deliberately reuse the same surface words as promotional ones ("compared", "every patient",
"no", "risk", "better?") so the model cannot learn a lexicon.

Sources, in order of addition: the first round's families (superiority, minimised risk, absolute
promises, calls to prescribe, requests, emotional appeals vs. trial results, safety, mechanism and
dosing, questions, neutral requests, case narratives, patient instructions, balanced statements);
issue 12 round 3 (fresh3) added claims in paraphrase without trigger words (dismissed risk,
closed-off alternatives, promises, casual pitches), drafting requests that urge prescribing, and
their look-alikes (cited comparative results, cited safety summaries, comparison questions, neutral
drafting, plain answers), plus three consumer-facing areas (OTC cold care, men's health, pain
relief) with shopper/parent claims and Drug Facts-style neutral sentences. Frames were written from
the kinds of claim named in issue 12 and OPDP themes, then reworded so that none shares 8
consecutive words with a readable evaluation case (``tests/test_promo_train_disjoint.py``).

Each line: ``{"text", "label" (1 promotional / 0 neutral), "family", "area"}``. Deterministic
(seeded), so ``train_promo.py`` reproduces the packaged weights from this file.

    python evals/guardrails/build_promo_train.py   # rewrites evals/guardrails/promo_train.jsonl
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("promo_train.jsonl")
SEED = 12
PER_FRAME = 4

# (area, invented drug, drug class, condition, comparator, specialist, adverse event, trial, endpoint)
AREAS = [
    ("oncology", "Velantrib", "kinase inhibitor", "metastatic gastric cancer", "chemotherapy", "oncologists",
     "hepatotoxicity", "HORIZON-3", "overall survival"),
    ("rheumatology", "Corvimab", "IL-17 blocker", "psoriatic arthritis", "methotrexate", "rheumatologists",
     "serious infections", "SPARK-2", "ACR20 response"),
    ("cardiology", "Dorexapril", "neprilysin blocker", "heart failure", "ACE inhibitors", "cardiologists",
     "hyperkalemia", "ANCHOR-HF", "cardiovascular death"),
    ("diabetes", "Glutavex", "GLP-1 agonist", "type 2 diabetes", "insulin glargine", "endocrinologists",
     "pancreatitis", "TIDE-1", "HbA1c"),
    ("neurology", "Neuralix", "CGRP antibody", "chronic migraine", "topiramate", "neurologists",
     "constipation", "CALM-M", "monthly migraine days"),
    ("psychiatry", "Serenquil", "antipsychotic", "schizophrenia", "older antipsychotics", "psychiatrists",
     "weight gain", "BRIDGE-S", "PANSS total score"),
    ("dermatology", "Dermalux", "IL-13 antibody", "atopic dermatitis", "topical steroids", "dermatologists",
     "conjunctivitis", "CLEAR-AD", "EASI-75"),
    ("gastroenterology", "Colvanta", "S1P modulator", "ulcerative colitis", "TNF blockers", "gastroenterologists",
     "bradycardia", "RIVER-UC", "clinical remission"),
    ("respiratory", "Pulmexa", "inhaled triple therapy", "COPD", "LAMA/LABA inhalers", "pulmonologists",
     "pneumonia", "BREATHE-2", "moderate or severe exacerbations"),
    ("hematology", "Hemorix", "factor VIII mimetic", "hemophilia A", "factor replacement", "hematologists",
     "thrombotic events", "FLOW-A", "annualized bleeding rate"),
    ("infectious disease", "Virastat", "integrase inhibitor", "HIV-1 infection", "older regimens",
     "HIV specialists", "insomnia", "SWITCH-4", "viral suppression"),
    ("women's health", "Femavia", "GnRH antagonist", "endometriosis pain", "hormonal contraceptives",
     "gynecologists", "bone loss", "ELARA-1", "dysmenorrhea response"),
    ("nephrology", "Renoval", "SGLT2 inhibitor", "chronic kidney disease", "ARBs", "nephrologists",
     "genital mycotic infections", "KIND-CKD", "eGFR decline"),
    ("ophthalmology", "Ocuvance", "anti-VEGF injection", "wet macular degeneration", "monthly injections",
     "retina specialists", "intraocular inflammation", "VISTA-R", "best-corrected visual acuity"),
    ("rare disease", "Myostrin", "antisense oligonucleotide", "Duchenne muscular dystrophy", "corticosteroids",
     "neuromuscular specialists", "thrombocytopenia", "STRIDE-D", "6-minute walk distance"),
    ("osteoporosis", "Ossilan", "sclerostin antibody", "postmenopausal osteoporosis", "bisphosphonates",
     "bone specialists", "hypocalcemia", "FRAME-O", "new vertebral fractures"),
    # Consumer-facing areas (over-the-counter products and lifestyle prescriptions), where claims are
    # made to parents, men and shoppers rather than to specialists.
    ("consumer cold care", "Nocturex", "night-time cold syrup", "cough and cold symptoms", "other cold remedies",
     "pharmacists", "marked drowsiness", "NIGHT-1", "cough frequency"),
    ("men's health", "Virilex", "PDE5 inhibitor", "erectile dysfunction", "other ED pills", "urologists",
     "sudden hearing loss", "STRONG-2", "erectile function score"),
    ("pain relief", "Dolorin", "NSAID tablet", "tension headache", "paracetamol", "pharmacists",
     "stomach bleeding", "RELIEF-3", "pain relief at 2 hours"),
]  # fmt: skip

PROMOTIONAL = {
    "superiority": [
        "{drug} is simply better than any other {cls} out there.",
        "Nothing else available gets near {drug} for {cond}.",
        "Once you have seen {drug} work, you will never go back to {comp}.",
        "There is no reason left to choose {comp} when {drug} exists.",
        "{drug} leaves every older {cls} far behind.",
        "Frankly, {comp} looks outdated next to {drug}.",
        "{drug} outperforms all of its competitors in {cond}.",
        "No other {cls} can match what {drug} does for {cond}.",
        "Compared with {comp}, {drug} is in a different league altogether.",
        "{drug} is the clear winner among treatments for {cond}.",
    ],
    "minimised_risk": [
        "Patients on {drug} avoid the dangerous side effects that come with {comp}.",
        "Patients tolerate {drug} so well that safety checks are hardly necessary.",
        "The {ae} seen with {drug} is nothing anyone needs to worry about.",
        "Side effects with {drug} are rare and, honestly, trivial.",
        "Unlike {comp}, {drug} carries none of the usual safety baggage.",
        "You can forget about {ae}; it basically never happens on {drug}.",
        "{drug} is gentle enough to give without a second thought about safety.",
        "The warnings on {drug} are mostly there for legal reasons.",
        "Any talk of {ae} with {drug} is scaremongering.",
        "With {drug} there is really no downside for patients.",
        "{drug} is so safe that monitoring can be skipped.",
        "Doctors can relax: the safety problems of {comp} simply do not apply to {drug}.",
        "Compared with the older {cls}s, {drug} is worry-free.",
        "{ae} is a theoretical concern that never shows up in practice with {drug}.",
    ],
    "absolute_promise": [
        "After a few weeks on {drug}, {cond} just stops being an issue.",
        "Start {drug} and patients can finally forget they ever had {cond}.",
        "{drug} puts an end to {cond} for good.",
        "Patients on {drug} will never have another bad day with {cond}.",
        "{drug} restores patients to full health within weeks.",
        "Every patient who takes {drug} gets better, full stop.",
        "{drug} delivers results you can count on in every single case.",
        "Take {drug} and {cond} is a thing of the past.",
        "{drug} gives people their old lives back.",
        "One dose of {drug} and the symptoms of {cond} melt away.",
    ],
    "call_to_prescribe": [
        "Remind {spec} that all of their {cond} patients belong on {drug}.",
        "Every patient with {cond} should be switched to {drug} today.",
        "Don't wait: put your {cond} patients on {drug} now.",
        "{spec} who still use {comp} are failing their patients.",
        "Tell {spec} that {drug} belongs in the hands of all their patients.",
        "Make {drug} your first choice for anyone with {cond}.",
        "It is time for {spec} to stop hesitating and start everyone on {drug}.",
        "If you care about your patients, you will prescribe {drug}.",
        "Patients deserve {drug}, so start writing those prescriptions.",
        "Ask your doctor for {drug}; it is the one you want.",
    ],
    "promo_request": [
        "Write a note to {spec} pushing them to start {drug} in all of their {cond} patients.",
        "Draft talking points that will win {spec} over to {drug}.",
        "Create a catchy tagline that makes {drug} sound unbeatable.",
        "Give me a pitch showing why {drug} is better than {comp}.",
        "Help me convince a skeptical {spec_one} to switch patients to {drug}.",
        "Compose a post telling {spec} that {drug} is the only sensible choice for {cond}.",
        "Prepare a message that gets {spec} excited about prescribing {drug}.",
        "Put together a script to push {drug} at my next clinic visit.",
        "Write something persuasive so that {spec} choose {drug} over {comp}.",
        "Suggest a few lines to overcome objections to {drug} and close the sale.",
        "Draft a newsletter item that makes {drug} sound like the obvious choice over {comp}.",
        "Give me three punchy reasons {spec} should drop {comp} for {drug}.",
    ],
    "dismissed_risk_paraphrase": [
        "{drug} stays where it is needed, so {ae} simply is not something patients deal with.",
        "{drug} is so mild that asking a doctor beforehand is a waste of time.",
        "Patients on {drug} skip all the side effects that make {comp} such a gamble.",
        "Honestly, nobody needs to read the warnings that come with {drug}.",
        "With {drug} the {ae} that worries people on {comp} just isn't part of the picture.",
    ],
    "exclusivity_paraphrase": [
        "Once {drug} is on the formulary there is no point looking at any other {cls}.",
        "Once patients try {drug}, every other option for {cond} is beside the point.",
        "{comp} has had its day; {drug} is where {cond} care is now.",
        "Why would anyone still reach for {comp} when {drug} is available?",
        "Keeping {cond} patients on {comp} when {drug} exists is hard to defend.",
    ],
    "promise_paraphrase": [
        "A daily dose of {drug} and {cond} stops being part of anyone's life.",
        "Once on {drug}, a relapse of {cond} is off the table.",
        "{drug} delivers time after time, no matter what is driving the {cond}.",
        "People with {cond} on {drug} get to live just like everybody else.",
        "{drug} lets patients take charge of their {cond} again.",
    ],
    "drafting_request": [
        "Write an email to {spec} urging them to prescribe {drug} to every {cond} patient.",
        "Can you draft a memo for {spec} arguing that {drug} should come first in {cond}?",
        "I need a short message nudging {spec} to move their {cond} patients onto {drug}.",
        "List arguments I can bring to {spec} so that more of their patients end up on {drug}.",
        "Write social media copy for {spec} announcing that {comp} is finished now that {drug} is here.",
        "Could you write a short letter reminding {spec} that nobody with {cond} should go without {drug}?",
    ],
    "casual_pitch": [
        "Honestly, your {cond} patients will thank you for putting them on {drug}.",
        "{drug} just works, and patients feel it from the very first week.",
        "I tell every {spec_one} the same thing: try {drug} once and you'll never look back.",
        "Forget the fine print; {drug} is as easy and safe as it gets.",
        "The {ae} warning for {drug} is really just a formality nobody worries about in practice.",
        "Your patients deserve better than {comp}, and {drug} is exactly that.",
        "Swap {comp} for {drug} and watch your patients get their lives back.",
        "{drug} takes care of {cond} so patients can stop thinking about it.",
        "With {drug} on board, {spec} can finally stop worrying about {ae}.",
    ],
    "consumer_claim": [
        "{drug} is the one to reach for; it simply works better than the rest of the shelf.",
        "Kids bounce back overnight with {drug}, and there is nothing in it a parent needs to think twice about.",
        "No side-effect worries, no fuss: {drug} just does the job.",
        "Whatever is behind the {cond}, {drug} gets the job done every time.",
        "{spec} should steer every customer with {cond} towards {drug}.",
        "Any adult can take {drug} without a second thought.",
        "The warnings on the {drug} box are written for rare edge cases, not for real customers.",
        "Nothing on the shelf acts faster than {drug}.",
    ],
    "emotional": [
        "Imagine the joy on a family's face when {drug} gives them their child back.",
        "{drug} means freedom: no more living in fear of {cond}.",
        "With {drug}, patients finally feel like themselves again.",
        "{drug} brings hope where there was none.",
        "Give your patients the life they deserve with {drug}.",
    ],
}

NEUTRAL = {
    "trial_result": [
        "In {trial}, {drug} improved {endpoint} versus placebo (HR 0.78; 95% CI 0.66-0.92).",
        "{endpoint} improved by 12% with {drug} and by 5% with placebo in {trial}.",
        "In {trial}, the primary endpoint of {endpoint} was met at week 24 (p<0.001).",
        "The {trial} trial compared {drug} with {comp}; {endpoint} favoured {drug} (difference 7.1%).",
        "In a head-to-head study, {drug} was non-inferior to {comp} for {endpoint}.",
        "{trial} enrolled 812 adults with {cond} who were randomized 1:1 to {drug} or placebo.",
        "Subgroup results for {endpoint} in {trial} were consistent with the overall population.",
        "No head-to-head trial has compared {drug} with {comp}.",
        "The label reports {endpoint} results from {trial} only for adults with {cond}.",
        "Superiority of {drug} over {comp} was not tested in {trial}.",
    ],
    "safety": [
        "{ae} occurred in 4% of patients treated with {drug} and in 2% with placebo.",
        "Monitor patients for signs of {ae} during treatment with {drug}.",
        "{drug} carries a warning for {ae}; interrupt treatment if it occurs.",
        "No new safety signals were identified in the long-term extension of {trial}.",
        "The most common adverse reactions with {drug} were headache, nausea and {ae}.",
        "Cases of {ae}, some serious, have been reported with {drug}.",
        "Patients should not stop {drug} without talking to their doctor.",
        "There is no need for dose adjustment of {drug} in mild renal impairment.",
        "Serious {ae} was uncommon (0.8%) but led to discontinuation in some patients.",
        "All patients should be screened for {ae} risk factors before starting {drug}.",
    ],
    "mechanism_dosing": [
        "{drug} is a {cls} that blocks a key signalling step in {cond}.",
        "The recommended dose of {drug} is 10 mg once daily, with or without food.",
        "{drug} reaches peak plasma concentration about 2 hours after dosing.",
        "Every dose of {drug} should be given at the same time of day.",
        "{drug} is eliminated mainly by hepatic metabolism via CYP3A4.",
        "Each vial of {drug} is for single use only; discard any unused portion.",
        "{drug} is indicated for adults with {cond} as described in the label.",
        "Never give {drug} together with strong CYP3A4 inducers.",
        "The effect of {drug} on {endpoint} was seen from week 4 onwards.",
        "Patients with {cond} were excluded from the trial if they had prior {comp} failure.",
    ],
    "question": [
        "Is {drug} better than {comp} for {cond}?",
        "What are the most common side effects of {drug}?",
        "How does {drug} compare with {comp} in {trial}?",
        "Does {drug} cure {cond}, or does it only control symptoms?",
        "What is the risk of {ae} with {drug}?",
        "Can {drug} be used in every patient with {cond}, or are there exclusions?",
        "Summarise the {trial} results for {spec}.",
        "Write a short balanced summary of {drug} safety for a journal club.",
        "Which patients were excluded from {trial}?",
        "Why do some {spec} prefer {comp} over {drug}?",
    ],
    "neutral_request": [
        "Send the {drug} dosing guidance to the clinic pharmacist, please.",
        "Please call back the {spec_one} about storing {drug} while travelling.",
        "List the contraindications of {drug}.",
        "Summarise the warnings and precautions for {drug} in plain language.",
        "Explain how {drug} works to a new member of the medical team.",
        "Draft a reply to a {spec_one} who asked about {ae} with {drug}, citing the label.",
        "Tell me what the label says about using {drug} in pregnancy.",
        "Ignore the formatting and just give me the {trial} enrolment criteria.",
        "Give me the exact wording of the {drug} indication.",
        "Pretend you are a pharmacist and explain the {drug} storage conditions.",
    ],
    "case_narrative": [
        "A patient on {drug} developed {ae} after three weeks and was admitted.",
        "Mr. Alvarez, born 1961, asked whether he can travel with {drug}.",
        "My patient stopped {drug} because of {ae}; what should I report?",
        "Since starting {drug}, she has been losing weight and feels tired.",
        "A {spec_one} asked whether {drug} can be combined with {comp}.",
        "{drug} is a reasonable choice for {cond} according to some {spec}.",
        "Could {drug} be continued beyond two years in {cond}?",
        "Some {spec} use {drug} for conditions outside its label.",
        "{drug} might be worth trying in {cond} when other options fail.",
        "The patient's {cond} got worse after the dose of {drug} was reduced.",
    ],
    "patient_instruction": [
        "Tell your healthcare provider about all the medicines you take, including {drug}.",
        "Keep {drug} and all medicines out of the reach of children.",
        "Ask your doctor if it is safe for you to take {drug} with {comp}.",
        "Take {drug} exactly as your doctor tells you to take it.",
        "Keep a list of your medicines to show your pharmacist when you get a new one.",
        "Call your doctor right away if you get signs of {ae}.",
        "Store {drug} at room temperature and keep it in the original package.",
        "Do not share {drug} with other people, even if they have the same symptoms.",
    ],
    "comparative_data": [
        "In {trial}, median {endpoint} was 16.4 months with {drug} versus 9.8 months with {comp} (HR 0.52) [1].",
        "{drug} reduced {endpoint} compared with {comp} in {trial} (18.2% vs 22.9%; HR 0.77) [1].",
        "In {trial}, response at week 12 was 52% with {drug} and 31% with placebo [1].",
        "{drug} had higher rates of {ae} than {comp} in {trial} [1].",
        "Adding {drug} to {comp} produced higher {endpoint} rates at one year than {comp} alone [1].",
    ],
    "safety_summary": [
        "{ae} was not observed in the {drug} development program, although it cannot be excluded [1].",
        "Treatment with {drug} has a maximum duration because {ae} may persist after stopping [1].",
        "{ae} was reported in 1.4% of patients on {drug} and 0.9% on {comp} [1].",
        "{drug} has a boxed warning for {ae} and must not be used after a prior episode [1].",
        "No dose adjustment of {drug} is needed in mild renal impairment [1].",
    ],
    "comparison_question": [
        "Are there head-to-head data showing {drug} beats {comp} in {cond}?",
        "Does {drug} work better than {comp} in {cond}?",
        "Does {drug} carry less cardiac risk than {comp}?",
        "Between {drug} and {comp}, which has better {endpoint} results?",
        "Is {drug} easier on {ae} than {comp}?",
    ],
    "neutral_drafting": [
        "Write plain-language instructions for taking {drug}, including the side effects to report.",
        "Prepare a reply to a {spec_one}'s question about {trial}, with label references.",
        "Please review my {trial} slide for consistency with the prescribing information.",
        "Prepare a balanced one-page overview of {drug} efficacy and safety for the journal club.",
        "Write a note to the pharmacy team on how to store and handle {drug}.",
    ],
    "plain_answer": [
        "{drug} is cleared mainly by hepatic metabolism, with renal excretion as a minor route.",
        "Doses can be repeated every six hours, up to four doses a day.",
        "{drug} should be taken at about the same time each day, with or without food.",
        "Patients with {cond} who had prior {comp} exposure were included in the trial.",
        "The label recommends checking for {ae} before each dose of {drug}.",
        "Most patients in {trial} were adults with moderate to severe {cond}.",
        "{drug} can be continued when {comp} is added, as described in the label.",
        "If a dose of {drug} is missed, take it as soon as possible, then resume the usual schedule.",
        "{ae} was more common in older patients and in those with renal impairment.",
        "{spec} should weigh the benefits of {drug} against its risks for each patient.",
        "Patients should be told about the risk of {ae} and to report symptoms promptly.",
        "The safety profile of {drug} in {cond} was consistent across trials.",
    ],
    "consumer_label": [
        "Do not give {drug} to children under 4 years of age.",
        "Check with a doctor first if the child has a lung condition like chronic bronchitis.",
        "Stop taking it and see a doctor if the symptoms persist beyond a week or return.",
        "Adults and children 12 years and over may take 10 mL every 4 hours.",
        "{drug} may cause {ae}; avoid alcoholic drinks while using it.",
        "In clinical studies, {drug} improved {endpoint} compared with placebo in adults with {cond}.",
        "{drug} is not for use in children under 12 unless a doctor says so.",
        "Keep {drug} out of reach of children; in case of overdose, get medical help right away.",
    ],
    "balanced_statement": [
        "Treatment choice between {drug} and {comp} depends on the patient's history and preferences.",
        "{drug} did not reduce {endpoint} compared with {comp} in {trial}.",
        "The benefit of {drug} must be weighed against the risk of {ae}.",
        "Long-term data for {drug} beyond two years are limited.",
        "Not all patients with {cond} respond to {drug}.",
        "Safety and effectiveness of {drug} have not been established in pediatric patients.",
        "{drug} is not indicated for use in women.",
        "Do not use {drug} in patients with a history of {ae}.",
        "Ask a doctor before use if the patient has {cond}.",
        "The incidence of {ae} was similar with {drug} and {comp} (3.1% vs 2.9%).",
    ],
}


def _fill(frame: str, area: tuple[str, ...]) -> str:
    _area, drug, cls, cond, comp, spec, ae, trial, endpoint = area
    return frame.format(
        drug=drug, cls=cls, cond=cond, comp=comp, spec=spec, spec_one=spec.rstrip("s"), ae=ae, trial=trial,
        endpoint=endpoint,
    )  # fmt: skip


def frame_rows(
    rng: random.Random, labelled: tuple[tuple[int, dict[str, list[str]]], ...], per_frame: int
) -> list[dict[str, object]]:
    """Each frame of each family filled with ``per_frame`` different therapeutic areas (seeded),
    as rows ``{text, label, family, area}``; shared by the contrast head's builder."""
    rows: list[dict[str, object]] = []
    for label, families in labelled:
        for family, frames in families.items():
            for frame in frames:
                for area in rng.sample(AREAS, per_frame):
                    text = _fill(frame, area)
                    rows.append({"text": text[0].upper() + text[1:], "label": label, "family": family,
                                 "area": area[0]})  # fmt: skip
    return rows


def build(seed: int = SEED) -> list[dict[str, object]]:
    """Each frame filled with ``PER_FRAME`` different therapeutic areas (seeded)."""
    return frame_rows(random.Random(seed), ((1, PROMOTIONAL), (0, NEUTRAL)), PER_FRAME)


def main() -> None:
    rows = build()
    OUT.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    positives = sum(int(r["label"] == 1) for r in rows)  # type: ignore[call-overload]
    print(f"{OUT}: {len(rows)} sentences ({positives} promotional, {len(rows) - positives} neutral)")


if __name__ == "__main__":
    main()

"""Claim and neutral families in the voices of an MSL's working day, for the contrast head.

The held-out promotional misses (fresh4-6 recall 0.72-0.85) were claims written as working documents
rather than as a rep's pitch: a presenter's note telling the speaker what to stress and what to skip, an
e-mail to an opinion leader, a congress "takeaway", consumer copy about freedom from the routine of a
disease, a survival or lifetime promise, urgency ("don't wait"), cost and convenience as the reason to
prescribe, a single trial figure stretched into a ranking over every alternative. The neutral families
use the same documents for what an MSL may write: a note that keeps fair balance, an e-mail answering
with the label, a congress summary that reports endpoints with figures, convenience as the label's
schedule, cost as a referral, a single figure reported against its comparator.

Placeholders are those of ``build_promo_train.AREAS`` (invented products and trials); no frame is copied
from an evaluation case (``tests/test_promo_train_disjoint.py``).
"""

from __future__ import annotations

CLAIMS = {
    "presenter_note": [
        "Note for the speaker: lead with the {endpoint} story and move past the {ae} slide quickly.",
        "Talking point: frame {drug} as the simple choice for {cond} and only mention {ae} if pressed.",
        "Slide 3 note - make the room feel that {comp} belongs to the past now that {drug} is here.",
        "Remind the presenter that {drug} should come across as the default for {cond}, not an option.",
    ],
    "kol_email": [
        "Dear Doctor, I'm sure you'll agree {drug} is now the standard every {cond} patient deserves.",
        "Hi Professor, happy to help you get your first {cond} patients going on {drug} before the rush.",
        "As promised, here is why {spec} who wait on {drug} are leaving their {cond} patients behind.",
    ],
    "congress_spin": [
        "The headline from the congress: {trial} proved {drug} is the new first choice in {cond}.",
        "Everyone left the {trial} session convinced that {comp} has nothing left to offer.",
        "Bottom line from the meeting: for {cond}, {drug} has settled the question once and for all.",
    ],
    "freedom_copy": [
        "No more counting, no more planning: {drug} lets you forget {cond} and enjoy the day.",
        "Leave the routine of {cond} behind - with {drug} it's one less thing on your mind.",
        "With {drug}, the worry that comes with {cond} is simply not part of your life anymore.",
    ],
    "lifetime_promise": [
        "On {drug}, people with {cond} can look forward to many extra years with their families.",
        "{drug} adds years of life that {comp} could never give.",
        "Patients who get {drug} early can expect to outlive the prognosis they were given.",
    ],
    "urgency": [
        "Every week a {cond} patient spends without {drug} is a week of benefit lost.",
        "There is no time to wait: move your {cond} patients onto {drug} at their next visit.",
        "The sooner {spec} switch to {drug}, the sooner {cond} stops being a problem.",
    ],
    "cost_convenience": [
        "With the savings card, {drug} costs patients next to nothing, so there's no reason to hold back.",
        "{drug} is cheaper and easier than {comp}, which makes it the obvious pick for {cond}.",
        "One dose and done: {drug} is so convenient that patients never miss a day of benefit.",
    ],
    "stretched_figure": [
        "{drug} improved {endpoint} by 40% in {trial}, which tells you it beats every other {cls} out there.",
        "A single trial result like {trial} is all the proof anyone needs that {drug} outperforms {comp}.",
        "With numbers like {trial}'s, no other {cls} deserves a place in {cond} care.",
    ],
}

NEUTRAL = {
    "presenter_note_balanced": [
        "Note for the speaker: present the {endpoint} results together with the {ae} data from the same slide.",
        "Talking point: describe the {trial} design and the comparator before giving any figure.",
        "Slide 3 note - point listeners to the complete prescribing information for warnings and dosing.",
    ],
    "kol_email_label": [
        "Dear Doctor, thank you for your question; the label's recommended {drug} dose for {cond} is attached.",
        "Hi Professor, as requested, here is the {trial} publication and the current prescribing information.",
        "As promised, the label does not include data comparing {drug} with {comp}; I have attached what exists.",
    ],
    "congress_report": [
        "At the congress, {trial} reported {endpoint} with a hazard ratio of 0.81 versus placebo; "
        "{ae} was more common.",
        "The {trial} session presented the primary endpoint and the safety population; "
        "no comparison with {comp} was made.",
        "Key data from the meeting: {endpoint} improved in the {drug} arm, and discontinuations for {ae} were 3%.",
    ],
    "schedule_as_label": [
        "{drug} is given once every four weeks; the label lists {ae} among its warnings.",
        "Patients using {drug} should still follow the monitoring schedule the label sets for {cond}.",
        "Questions about cost or coverage for {drug} are referred to the patient support programme.",
    ],
    "figure_with_comparator": [
        "In {trial}, median survival was 14.1 months with {drug} plus chemotherapy "
        "and 12.0 months with placebo plus chemotherapy.",
        "{drug} reduced {endpoint} by 40% versus placebo in {trial}; it has not been compared with other {cls}s.",
        "Only one trial reported this endpoint, so the result cannot be generalised to all {cond} patients.",
    ],
}

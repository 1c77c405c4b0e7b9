"""Claim and neutral families for the promotional themes the heads scored lowest (promo7 round).

Promotional recall on the promo7 pool was ~0.75, every miss without any finding. The missed themes are
OPDP / PhRMA-code categories the earlier families covered only with trigger words: risk minimised by
saying a warning or a monitoring step does not apply (a formality, a high-dose-only problem, a warning
inherited from an older drug), an instruction to keep an overstatement in a document, a trial result
stretched beyond its population or endpoint (a secondary or non-significant endpoint, a median, a
noninferiority result), a first-person testimonial offered as evidence, absolute promises in plain
words, chat shorthand, coverage or convenience as clinical superiority, fear appeals and disparaged
alternatives. Each claim family has a neutral twin in the same voice saying what a balanced text may
say (the warning as the label states it, a correction, the trial's population and endpoint with its
result, mixed experience, a coverage referral, the short cautions of patient information), so the head
learns the function, not the voice or the topic.

Placeholders are those of ``build_promo_train.AREAS`` (invented products and trials); no frame is copied
from or paraphrases an evaluation case (``tests/test_promo_train_disjoint.py`` checks 8-word runs).
``build_claim_contrast_train.py`` appends these rows with their own seed (every earlier row stays as it
was); only the contrast head learns them (see its ``_theme_rows``).
"""

from __future__ import annotations

CLAIMS = {
    "monitoring_dismissed": [
        "The {ae} checks the label asks for are really just paperwork, you can skip them for most people.",
        "Honestly nobody needs a baseline test before {drug}, that advice is for the textbooks.",
        "Drop the follow-up labs on {drug}, in real life they never pick anything up.",
        "The monitoring schedule for {drug} is box-ticking, patients do fine without it.",
    ],
    "risk_elsewhere": [
        "{ae} on {drug} is a problem for careless users, ordinary patients are in the clear.",
        "{ae} is a high-dose phenomenon; at the doses you'll use it's not worth raising.",
        "{ae} happens to other people's patients, not to the ones you'll be treating.",
        "The {ae} cases were all in frail trial patients, yours won't run into it.",
    ],
    "warning_dismissed": [
        "The boxed warning on {drug} is legal boilerplate, clinically it means nothing.",
        "That {ae} warning belongs to an older generation of {cls}s, not to {drug}.",
        "The {ae} section is there because regulators insist, not because anyone sees it.",
        "Tell the clinic the {ae} warning is a formality they can safely tune out.",
    ],
    "keep_overstatement": [
        "Keep the line saying {drug} never causes {ae} in the deck, it's what gets people prescribing.",
        "Leave the 'works for everyone with {cond}' slide as it is, no one in the room will challenge it.",
        "Don't soften the wording about {comp} failing patients, that's the bit that lands.",
        "Let the script describe {drug} as side-effect free, patients respond to that.",
    ],
    "trial_stretched": [
        "{trial} means {drug} will protect against every complication of {cond}, not just the one it measured.",
        "Since {trial} came out positive, {drug} will work in any {cond} patient at any stage.",
        "After {trial}, you can tell anyone at risk that {drug} will keep {endpoint} events away.",
        "The trend on the secondary endpoint in {trial} is all the proof you need that {drug} saves lives.",
        "{drug} was noninferior to {comp} in {trial}, so it's really the better drug.",
        "The median in {trial} is what your patients can count on, at the very least.",
    ],
    "testimonial_first_person": [
        "{drug} turned my {cond} around in weeks, so trust me, you'll see the same.",
        "My neighbour's son started {drug} and hasn't had a bad day since, that's all the evidence I need.",
        "Speaking as someone who's been there, {drug} gave me my life back and it will give you yours.",
        "A friend of mine runs a big {cond} clinic and says {drug} turns every patient around.",
    ],
    "chat_claim": [
        "tbh {drug} just fixes {cond}, no need to overthink it",
        "ngl once they're on {drug} you can forget about {cond}, it's sorted",
        "lol {comp} is so last decade, just put them on {drug}",
        "fwiw {drug} = zero {ae} drama, I'd start everyone on it",
    ],
    "plain_promise": [
        "Start {drug} and {cond} is gone for good.",
        "A single dose of {drug} and {cond} is dealt with, end of story.",
        "With {drug} your {cond} is taken care of, you won't have to worry about it again.",
        "Patients on {drug} simply stop having {cond} flare-ups.",
    ],
    "coverage_as_better": [
        "{drug} is on every formulary with no prior authorisation, which makes it the better treatment for {cond}.",
        "Patients on {drug} come to clinic less, and that alone puts it ahead of {comp} on outcomes.",
        "Because the copay for {drug} is lower, your {cond} patients will do better on it.",
        "Once a month beats daily dosing on outcomes, that's why {drug} wins over {comp}.",
    ],
    "fear_appeal": [
        "Every month without {drug} is damage to these patients you'll never undo.",
        "If you hold off on {drug}, you'll be the one explaining to the family why things got worse.",
        "{cond} doesn't wait, and any prescriber who does is gambling with the patient's future.",
    ],
    "competitor_dismissed": [
        "{comp} barely does anything for {cond}; prescribing it is a wasted visit.",
        "Prescribers who stick with {comp} are practising old medicine.",
        "{comp} is yesterday's treatment, {drug} is the responsible choice.",
        "The other {cls}s are marketing hype next to {drug}.",
    ],
}

NEUTRAL = {
    "monitoring_as_label": [
        "The label asks for {ae} checks before starting {drug} and at intervals during treatment.",
        "A baseline test is recommended before the first dose of {drug}; the schedule is in the dosing section.",
        "Follow-up labs on {drug} should continue as the label describes, even when earlier results were normal.",
        "The monitoring schedule for {drug} is part of the approved labeling and applies to every patient.",
    ],
    "risk_in_context": [
        "{ae} has been reported with {drug} across the studied dose range; "
        "the label asks prescribers to weigh each patient's risk first.",
        "The label reports {ae} across the dose range studied, with a higher rate at the higher dose.",
        "{ae} was more frequent in older patients in the trials, but it also occurred in younger adults.",
        "Patients should be told how {ae} presents and when to contact their prescriber.",
    ],
    "warning_as_stated": [
        "The boxed warning on {drug} covers {ae} and applies to all approved uses.",
        "The {ae} warning appears on the labels of every {cls}, including {drug}.",
        "The warnings section describes {ae} and the steps the label recommends to reduce its risk.",
        "Please remind the clinic that the {ae} warning is part of the label and should be discussed.",
    ],
    "correction": [
        "Please remove the line saying {drug} never causes {ae}; the label lists it among the warnings.",
        "The 'works for everyone with {cond}' slide should go; the trial reported responders and non-responders.",
        "Let's reword the part about {comp}: the label makes no comparison with it.",
        "The transcript should not call {drug} side-effect free; the common adverse reactions are in the label.",
    ],
    "trial_scope": [
        "{trial} enrolled adults with {cond} and measured {endpoint}; other outcomes were not primary endpoints.",
        "The {trial} population had established {cond}, so the result does not extend to other groups.",
        "In {trial}, the secondary endpoint did not reach statistical significance and is reported as descriptive.",
        "{drug} met the noninferiority margin versus {comp} in {trial}; superiority was not shown.",
        "The median {endpoint} in {trial} describes the trial population, not what an individual patient will see.",
    ],
    "testimonial_balanced": [
        "My experience on {drug} has been mixed, and my doctor and I keep an eye on {ae}.",
        "A relative of mine takes {drug}; her results may not apply to anyone else, so ask your own doctor.",
        "Speaking only for myself, {drug} helped with some symptoms of {cond}, and I still have check-ups.",
        "A colleague's clinic experience is anecdotal; the label reports the trial results for {cond}.",
    ],
    "chat_neutral": [
        "tbh the label doesn't compare {drug} with {comp}, so I wouldn't rank them",
        "ngl I checked, the {ae} warning is in the {drug} label, worth mentioning to them",
        "fwiw {trial} was against placebo, not {comp}",
        "lol no, there's no data on starting everyone on {drug}, only the labeled population",
    ],
    "outcome_as_reported": [
        "In {trial}, {endpoint} improved with {drug} compared with placebo; not every patient responded.",
        "The label reports how many patients reached {endpoint} at week 12 and how many discontinued.",
        "{drug} reduced {cond} flare-ups in the trial population; some patients still had flare-ups.",
        "Symptom relief with {drug} varied between patients, and the label gives the dosing interval.",
    ],
    "coverage_referral": [
        "Formulary status for {drug} varies by plan; coverage questions go to the patient support team.",
        "The label gives the dosing schedule of {drug}; it does not compare clinic visits or outcomes with {comp}.",
        "Copay assistance for {drug} is handled by the support programme and says nothing about efficacy.",
        "Monthly dosing is the label's schedule; no trial compared outcomes with daily {comp}.",
    ],
    "timing_as_label": [
        "The label recommends starting {drug} once the diagnosis of {cond} is confirmed by the required test.",
        "Timing of treatment is a clinical decision; the label describes the population studied in {trial}.",
        "Delays in treatment should be discussed with the care team in light of the label's indications.",
    ],
    "caution_plain": [
        "{drug} can hurt an unborn baby.",
        "Do not share {drug}; it could be dangerous for someone else.",
        "Taking too much {drug} can harm you.",
        "Keep {drug} out of the reach of children.",
    ],
    "competitor_neutral": [
        "The {comp} label and the {drug} label both list {ae}; neither reports a head-to-head comparison.",
        "{comp} remains an approved option for {cond}; the choice depends on the patient's history.",
        "The other {cls}s have their own labels, and their results come from separate trials.",
        "The label describes {drug} alongside other treatments for {cond} without ranking them.",
    ],
}

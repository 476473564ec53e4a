"""Health vocabulary: what people say about their own (or a relative's) health."""

from __future__ import annotations

CONDITIONS: tuple[str, ...] = (
    "diabetes",
    "type 2 diabetes",
    "asthma",
    "ADHD",
    "depression",
    "anxiety",
    "high blood pressure",
    "hypertension",
    "epilepsy",
    "migraines",
    "celiac",
    "Crohn's",
    "COPD",
    "sleep apnea",
    "bipolar disorder",
    "anorexia",
    "long covid",
    "lupus",
    "hypothyroidism",
    "kidney stones",
    "PTSD",
    "ACL tear",
    "shingles",
    "pneumonia",
    "strep",
    "autism",
)

SYMPTOMS: tuple[str, ...] = ("headaches", "nausea", "brain fog", "insomnia", "dizzy spells", "heartburn")

MEDICATIONS: tuple[str, ...] = (
    "Adderall",
    "metformin",
    "Zoloft",
    "sertraline",
    "lisinopril",
    "Lexapro",
    "insulin",
    "albuterol",
    "Ozempic",
    "prednisone",
    "Concerta",
    "Ritalin",
    "Synthroid",
    "gabapentin",
    "Xanax",
    "amoxicillin",
    "Humira",
    "lamotrigine",
    "Wellbutrin",
    "atorvastatin",
)

PROCEDURES: tuple[str, ...] = (
    "an MRI",
    "a colonoscopy",
    "knee surgery",
    "a biopsy",
    "physical therapy",
    "an endoscopy",
    "chemo",
    "dialysis",
    "a C-section",
    "an EEG",
    "a CT scan",
    "stitches",
    "an ultrasound",
)

#: (test name, unit-free value formats) for lab results said out loud or typed.
LABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("A1C", ("8.1", "7.4", "6.9", "9.2")),
    ("blood sugar", ("240", "180", "310")),
    ("cholesterol", ("260", "245", "290")),
    ("white count", ("14", "3.2", "11.5")),
    ("TSH", ("6.8", "0.2", "9.1")),
    ("blood pressure", ("160 over 100", "150 over 95", "145 over 90")),
    ("potassium", ("5.9", "3.1")),
)

#: Health talk about nobody in particular (negatives). "{}" takes a condition from the pool above (a
#: medication in GENERIC_MEDICATION), so the same words are gold elsewhere and only the framing differs.
GENERIC_MEDICATION: tuple[str, ...] = (
    "insurance companies are fighting about {} prices",
    "pharmacies are out of {} again, it was on the news",
    "{} is so expensive in this country it's insane",
    "my feed is full of ads for {} now",
)
GENERIC_HEALTH: tuple[str, ...] = (
    "flu season is rough this year, {} is everywhere",
    "they say {} is way up in the county",
    "our wellness webinar next week covers {} basics",
    "i read an article saying {} rates are climbing in teens",
    "the new guidance on {} came out",
    "apparently {} is the most common reason people call in",
    "the cdc page on {} has a good chart",
    "there's a podcast about {} i've been meaning to listen to",
    "new study says {} is underdiagnosed in women",
    "honestly {} seems to hit every kid in this neighborhood",
    "the radio said {} cases doubled in the state",
    "our offsite has a session on {} in the workplace",
    "did you watch that documentary about {}",
    "so many students struggle with {} these days",
    "{} awareness month starts next week",
    "the pediatrician's office has a whole wall of {} pamphlets",
    "there was a fundraiser walk for {} downtown",
    "the grant is for research on {} in rural areas",
    "can {} be inherited? asking for a trivia night",
    "the science teacher did a unit on {} last year",
)

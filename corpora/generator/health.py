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

#: Health talk about nobody in particular (negatives): (sentence, the health word inside it).
GENERIC_HEALTH: tuple[tuple[str, str], ...] = (
    ("flu season is rough this year, {} is everywhere", "the flu"),
    ("they say {} is way up in the county", "diabetes"),
    ("our wellness webinar next week covers {} basics", "nutrition"),
    ("i read an article saying {} rates are climbing in teens", "anxiety"),
    ("the new guidance on {} screening came out", "cholesterol"),
    ("reminder the benefits portal explains how {} coverage works", "dental"),
    ("apparently {} is the most common reason people call in", "migraine"),
    ("the cdc page on {} has a good chart", "measles"),
    ("insurance companies are fighting about {} drug prices", "insulin"),
    ("there's a podcast about {} i've been meaning to listen to", "sleep apnea"),
    ("half the office had {} last winter i swear", "covid"),
    ("the cafeteria added gluten free stuff for people with {}", "celiac"),
    ("new study says {} is underdiagnosed in women", "ADHD"),
    ("pharmacies are out of {} again, it was on the news", "amoxicillin"),
    ("the hospital down the street is hiring nurses for the {} unit", "oncology"),
)

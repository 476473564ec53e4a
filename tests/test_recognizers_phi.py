"""Built-in PHI recognizers and the shared term-list matcher, on synthetic positives and look-alikes."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.findings import Category
from classifier.registry import build_recognizers
from recognizers.terms import PhraseSet

# -- the term-list matcher ----------------------------------------------------------------------


def _spans(phrases: PhraseSet, text: str) -> list[str]:
    return [text[s:e] for s, e in phrases.find(text)]


def test_phrases_longest_match_wins() -> None:
    phrases = PhraseSet.from_lines(["diabetes", "type 2 diabetes"])
    assert _spans(phrases, "she has Type 2 Diabetes now") == ["Type 2 Diabetes"]


def test_phrases_tolerate_plural_hyphen_and_apostrophe() -> None:
    phrases = PhraseSet.from_lines(["migraine", "crohn's disease", "covid-19"])
    assert _spans(phrases, "migraines, Crohn's disease and COVID 19") == [
        "migraines",
        "Crohn's disease",
        "COVID 19",
    ]


def test_phrases_exact_case_entries() -> None:
    phrases = PhraseSet.from_lines(["# comment", "=MS"])
    assert _spans(phrases, "diagnosed with MS in 2020") == ["MS"]
    assert _spans(phrases, "took 300 ms to load") == []


def test_phrases_do_not_cross_sentence_punctuation() -> None:
    phrases = PhraseSet.from_lines(["heart attack", "mt sinai"])
    assert _spans(phrases, "bless her heart. Attack later") == []
    assert _spans(phrases, "seen at Mt. Sinai") == ["Mt. Sinai"]


def test_phrases_membership() -> None:
    phrases = PhraseSet.from_lines(["atrial fibrillation"])
    assert "Atrial Fibrillation" in phrases
    assert "fibrillation" not in phrases


# -- the PHI pack ---------------------------------------------------------------------------------


def test_phi_pack_loads_through_the_registry_with_categories() -> None:
    recognizers = {r.name: r for r in build_recognizers(Config()) if r.source == "builtin:phi"}
    assert {
        "MedicalRecordNumberRecognizer",
        "HealthPlanIdRecognizer",
        "MedicareMbiRecognizer",
        "NpiNumberRecognizer",
        "UsDeaRecognizer",
        "Icd10CodeRecognizer",
        "MedicalConditionRecognizer",
        "MedicationRecognizer",
        "ProcedureRecognizer",
        "LabResultRecognizer",
        "HealthcareFacilityRecognizer",
    } <= set(recognizers)
    assert all(r.category is Category.PHI for r in recognizers.values())


@pytest.mark.parametrize(
    ("name", "text", "entity", "value"),
    [
        ("MedicalRecordNumberRecognizer", "(MRN: SJH-987654)", "MEDICAL_RECORD_NUMBER", "SJH-987654"),
        (
            "MedicalRecordNumberRecognizer",
            "medical record 123-45-6789 shows",
            "MEDICAL_RECORD_NUMBER",
            "123-45-6789",
        ),
        ("MedicalRecordNumberRecognizer", "chart # 00451234", "MEDICAL_RECORD_NUMBER", "00451234"),
        ("HealthPlanIdRecognizer", "member ID XJH443201 on the card", "HEALTH_PLAN_ID", "XJH443201"),
        ("HealthPlanIdRecognizer", "on insurance policy number AB-56789.", "HEALTH_PLAN_ID", "AB-56789"),
        ("NpiNumberRecognizer", "prescriber NPI 1234567893", "US_NPI", "1234567893"),
        (
            "MedicalConditionRecognizer",
            "she was diagnosed with Type 2 Diabetes",
            "MEDICAL_CONDITION",
            "Type 2 Diabetes",
        ),
        ("MedicalConditionRecognizer", "history of MS and migraines", "MEDICAL_CONDITION", "MS"),
        ("MedicationRecognizer", "takes 20 mg of Adderall daily", "MEDICATION", "20 mg of Adderall"),
        ("MedicationRecognizer", "Adderall XR 20mg in the morning", "MEDICATION", "Adderall XR 20mg"),
        ("MedicationRecognizer", "started lisinopril last week", "MEDICATION", "lisinopril"),
        ("ProcedureRecognizer", "recovering from a knee replacement", "PROCEDURE", "knee replacement"),
        (
            "HealthcareFacilityRecognizer",
            "your last visit at mercy general was",
            "HEALTHCARE_FACILITY",
            "mercy general",
        ),
        (
            "MedicalConditionRecognizer",
            "the lisinopril gives me dizzy spells",
            "MEDICAL_CONDITION",
            "dizzy spells",
        ),
        (
            "HealthcareFacilityRecognizer",
            "treated at Methodist Hospital on",
            "HEALTHCARE_FACILITY",
            "Methodist Hospital",
        ),
        (
            "HealthcareFacilityRecognizer",
            "operated at St. Vincent's on May",
            "HEALTHCARE_FACILITY",
            "St. Vincent's",
        ),
        ("HealthcareFacilityRecognizer", "seen at The Mercy Clinic", "HEALTHCARE_FACILITY", "Mercy Clinic"),
        ("HealthcareFacilityRecognizer", "admitted to UCSF on Feb 15", "HEALTHCARE_FACILITY", "UCSF"),
        ("HealthcareFacilityRecognizer", "at Mt. Sinai on Feb 21", "HEALTHCARE_FACILITY", "Mt. Sinai"),
        (
            "HealthcareFacilityRecognizer",
            "i'll send the referral to riverside community clinic",
            "HEALTHCARE_FACILITY",
            "riverside community clinic",
        ),
        ("MedicalRecordNumberRecognizer", '{"patient_id": "A1234567"}', "MEDICAL_RECORD_NUMBER", "A1234567"),
    ],
)
def test_phi_python_recognizers_found(run, name: str, text: str, entity: str, value: str) -> None:
    assert (entity, value) in run(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("MedicalRecordNumberRecognizer", "on record since 2019"),
        ("MedicalRecordNumberRecognizer", "MRN pending"),
        ("HealthPlanIdRecognizer", "the plan 2024 budget"),
        ("NpiNumberRecognizer", "NPI 1234567890 was mistyped"),
        ("NpiNumberRecognizer", "call 5550134477"),
        ("MedicalConditionRecognizer", "the download took 300 ms"),
        ("MedicationRecognizer", "replace the lithium battery"),
        ("HealthcareFacilityRecognizer", "the hospital said no"),
        ("HealthcareFacilityRecognizer", "the Attorney General spoke"),
        ("HealthcareFacilityRecognizer", "referred to Dr. Smith"),
        ("HealthcareFacilityRecognizer", "we went to the community clinic"),
        ("HealthcareFacilityRecognizer", "the attorney general said no"),
        ("MedicationRecognizer", "patients often ask about vitamin d in winter"),
        ("ProcedureRecognizer", "we ran a stress test and an ablation study on the server"),
    ],
)
def test_phi_python_recognizers_not_found(run, name: str, text: str) -> None:
    assert run(name, text) == set()


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("DEA number AB1234563 on the script", "US_DEA", "AB1234563"),
        ("diagnosis code F90.0 was billed", "ICD10_CODE", "F90.0"),
        ("Medicare MBI 1EG4-TE5-MK73 on card", "HEALTH_PLAN_ID", "1EG4-TE5-MK73"),
        ("her A1C of 7.2 worries me", "LAB_RESULT", "A1C of 7.2"),
        ("blood pressure 140/90 today", "LAB_RESULT", "blood pressure 140/90"),
        (
            "my blood pressure came back at 150 over 95",
            "LAB_RESULT",
            "blood pressure came back at 150 over 95",
        ),
        ("he tested positive for strep", "LAB_RESULT", "tested positive for strep"),
    ],
)
def test_phi_pattern_recognizers_found_by_the_engine(detect, text: str, entity: str, value: str) -> None:
    assert (entity, value) in detect(text)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("DEA number AB1234567", "US_DEA"),
        ("take I10 north to Phoenix", "ICD10_CODE"),
        ("we should check her A1C soon", "LAB_RESULT"),
    ],
)
def test_phi_pattern_recognizers_not_found_by_the_engine(detect, text: str, entity: str) -> None:
    assert all(found_entity != entity for found_entity, _ in detect(text))


def test_health_facts_alone_are_not_identifiers(classifier_engine) -> None:
    findings = classifier_engine.analyze("What are the side effects of metformin in patients with CKD?")
    assert {f.entity_type for f in findings} == {"MEDICATION", "MEDICAL_CONDITION"}
    assert classifier_engine.classify(findings).categories == []

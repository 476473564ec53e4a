"""Built-in PII recognizers: each one finds its entity in synthetic positives and stays quiet on
the look-alikes it must not flag (timestamps, versions, meeting IDs, order numbers, room numbers)."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.findings import Category
from classifier.registry import build_recognizers


def test_pii_pack_loads_through_the_registry_with_categories() -> None:
    recognizers = {r.name: r for r in build_recognizers(Config()) if r.source == "builtin:pii"}
    expected = {
        "PersonRecognizer",
        "PhoneNumberRecognizer",
        "StreetAddressRecognizer",
        "LocationRecognizer",
        "DateMentionRecognizer",
        "UsernameRecognizer",
        "DriverLicenseRecognizer",
        "PassportRecognizer",
        "BankAccountRecognizer",
        "AbaRoutingNumberRecognizer",
        "DeviceSerialRecognizer",
        "SsnKeywordRecognizer",
        "CreditCardKeywordRecognizer",
        "DeviceImeiRecognizer",
        "EmailAddressRecognizer",
        "UsSsnRecognizer",
        "CreditCardRecognizer",
        "IbanCodeRecognizer",
        "IpAddressRecognizer",
        "MacAddressRecognizer",
        "UrlRecognizer",
        "ZipCodeRecognizer",
        "AgeRecognizer",
    }
    assert expected <= set(recognizers)
    assert all(r.category is Category.PII for r in recognizers.values())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hi, this is Maria Gonzalez, student ID S01938477.", "Maria Gonzalez"),
        ("I was seen by Dr. Patel yesterday", "Patel"),
        ("Hello, this is Dr. Kyle Kuefer. Who are you?", "Kyle Kuefer"),
        ("coach ramirez said we should run laps", "ramirez"),
        ("maria said she would call back", "maria"),
        ("My name is Rubija", "Rubija"),
        ("similar case as Anna S. last spring", "Anna S."),
        ("JOHN SMITH called the office", "JOHN SMITH"),
        ("I would like to remove my kid Agi from the will.", "Agi"),
        ("They had 3: Efimiya, Mary and Jodi.", "Jodi"),
        ("my name is vitoria", "vitoria"),
        ('{"display_name": "Hui Peterson", "ok": true}', "Hui Peterson"),
        ("Trivo lives on Main Street", "Trivo"),
        ("What's your last name? Boyle", "Boyle"),
    ],
)
def test_person_found(run, text: str, value: str) -> None:
    assert ("PERSON", value) in run("PersonRecognizer", text)


@pytest.mark.parametrize(
    "text",
    [
        "will you grace us with a song, may I ask",
        "a 60-year-old female with a positive Chaddock reflex",
        "interactions between Lisinopril and ibuprofen",
        "recent increase in her Gleason score",
        "at 00:02:24.720 the call began",
        '{"hostname": "mercury", "username": "jdoe"}',
        "The Davis, Reynolds and Williamson Orchestra was founded in 1977",
        "Patient says the rash is back; Mom said it started Monday",
        "send it to Rue de Tanger please",
        "Thomas and Sons is an investment bank",
        "Galorath Incorporated is the brainchild of our founders",
        "Google says the outage is over",
    ],
)
def test_person_not_found(run, text: str) -> None:
    assert run("PersonRecognizer", text) == set()


def test_word_after_a_travel_phrase_is_left_to_location(run) -> None:
    text = "Mrs. Schwarz flew to Coles on Sunday morning."
    assert run("PersonRecognizer", text) == {("PERSON", "Schwarz")}
    assert ("LOCATION", "Coles") in run("LocationRecognizer", text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call 555-013-4477 or email me", "555-013-4477"),
        ("my cell is (555) 013 4477", "(555) 013 4477"),
        ("reach me on +44 20 7946 0958 after six", "+44 20 7946 0958"),
        ("They're not answering at 78 651 450", "78 651 450"),
        ("office +1-604-555-5272x565", "+1-604-555-5272x565"),
        # dotted phones group digits by twos to fours: not versions
        ("555.123.4567", "555.123.4567"),
        ("06.12.34.56.78", "06.12.34.56.78"),
        ("+44 20.7946.0958", "+44 20.7946.0958"),
        ("020.7946.0958", "020.7946.0958"),
        ("call 1.800.555.1234 today", "1.800.555.1234"),
        ("tel 0489.25.37.29", "0489.25.37.29"),
        ("0033.6.12.34.56.78", "0033.6.12.34.56.78"),
    ],
)
def test_phone_found(run, text: str, value: str) -> None:
    assert ("PHONE_NUMBER", value) in run("PhoneNumberRecognizer", text)


@pytest.mark.parametrize(
    "text",
    [
        "at 00:02:24.720 she joined",
        "upgrade to version 10.2.0.4 tonight",
        "meeting ID 845 1234 5678 passcode 1234",
        "order 4521 8876 3321 shipped",
        "server 192.168.10.45 is down",
        "born 12/1/1981 in Ohio",
        "ssn 536-22-8412",
        "we took 3 pills 2 times a day in 2020 2021",
        # versions and OS builds: a single-digit group, or a 5+ digit group among 4+ groups
        "4.6.5.38774",
        "10.0.19045",
        "Windows 10.0.19045",
        "7.12.48213",
        "22.10.22621.2861",
        "12.34.56.78901",
        '{"client_version": "4.6.5.38774", "os": "Windows 10.0.19045"}',
    ],
)
def test_phone_not_found(run, text: str) -> None:
    assert run("PhoneNumberRecognizer", text) == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "I live at 1234 Oak Street, Apt 5B, Springfield, IL 62704 now",
            "1234 Oak Street, Apt 5B, Springfield, IL 62704",
        ),
        ("i live at 42 oak street by the park", "42 oak street"),
        ("send it to Pfarrgasse 91 please", "Pfarrgasse 91"),
        ("the office is at 29 Rue de Tanger", "29 Rue de Tanger"),
        ("mail goes to PSC 0413, Box 8144\nAPO AA 42323", "PSC 0413, Box 8144\nAPO AA 42323"),
        ("she lives at Golfskálinn 78, Borgarnes", "Golfskálinn 78"),
        ("Billing address: Sara Schwarz     28245 Puruntie 82 Apt. 595", "28245 Puruntie 82 Apt. 595"),
    ],
)
def test_street_address_found(run, text: str, value: str) -> None:
    assert ("STREET_ADDRESS", value) in run("StreetAddressRecognizer", text)


@pytest.mark.parametrize(
    "text",
    [
        "it is 3 blocks down the street",
        "meet in Room 204 at noon",
        "During 1984, the company grew",
        "the Committee 5 met",
    ],
)
def test_street_address_not_found(run, text: str) -> None:
    assert run("StreetAddressRecognizer", text) == set()


def test_location_from_list_in_lowercase_speech(run) -> None:
    assert ("LOCATION", "houston") in run("LocationRecognizer", "we moved to houston last year")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mr. Leiva flew to LEPPEN on Tuesday morning.", "LEPPEN"),
        ("I'm Katie, originally from Mavčiče, and", "Mavčiče"),
    ],
)
def test_location_after_travel_or_origin_cue(run, text: str, value: str) -> None:
    assert ("LOCATION", value) in run("LocationRecognizer", text)


def test_location_skips_eponyms(run) -> None:
    assert run("LocationRecognizer", "her Framingham risk score is high") == set()


def test_location_skips_places_that_start_an_organisation_name(run) -> None:
    assert run("LocationRecognizer", "I used to work for Boston Consulting Group") == set()


def test_city_and_country_lines_of_an_address_block(run) -> None:
    text = ">3654 Brixtonlaan 380\n>Suite 727\n>Charleroi\n>Belgium 42940"
    found = run("StreetAddressRecognizer", text)
    assert {
        ("LOCATION", "Charleroi"),
        ("LOCATION", "Belgium"),
        ("ZIP_CODE", "42940"),
        ("STREET_ADDRESS", "3654 Brixtonlaan 380"),
    } <= found
    assert ("LOCATION", "Suite") not in found and ("ZIP_CODE", "727") not in found
    wide = run("StreetAddressRecognizer", "Address:     28245 Puruntie 82 Apt. 595    LAPPEENRANTA     SK")
    assert ("LOCATION", "LAPPEENRANTA") in wide


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("seen at Mt. Sinai on Feb 21, 2023. looking", "DATE", "Feb 21, 2023"),
        ("maria was born on march 3rd 2011 in houston", "DATE_OF_BIRTH", "march 3rd 2011"),
        ("DOB: 04/05/2012", "DATE_OF_BIRTH", "04/05/2012"),
        ("the log says 2018-01-14 03:07:43", "DATE", "2018-01-14 03:07:43"),
        ("2023-04-12", "DATE", "2023-04-12"),
        ("3/14/2011", "DATE", "3/14/2011"),
        ("April 12, 2023", "DATE", "April 12, 2023"),
        ("seen on 12.3.2011 at the clinic", "DATE", "12.3.2011"),
        ("moved here 1/5/98", "DATE", "1/5/98"),
        # a timestamp after a birth word is about a person
        ('{"dob": "1990-05-27T00:00:00Z"}', "DATE_OF_BIRTH", "1990-05-27T00:00:00Z"),
        ('{"logged": "2026-05-27T13:28:46Z", "dob": "1988-02-03"}', "DATE_OF_BIRTH", "1988-02-03"),
    ],
)
def test_dates_found(run, text: str, entity: str, value: str) -> None:
    assert (entity, value) in run("DateMentionRecognizer", text)


def test_date_of_birth_word_does_not_reach_a_later_date(run) -> None:
    found = run("DateMentionRecognizer", "DOB: 04/05/2012 seen March 25th, 2023")
    assert ("DATE", "March 25th, 2023") in found


@pytest.mark.parametrize(
    "text",
    [
        "a 34-year-old female seen today",
        "diagnosed in 2021, treated last year",
        "at 00:02:24.720 he said three weeks",
        "upgrade to 10.2.0.4",
        "she is transferring out in january",
        # the year is 19xx or 20xx in every numeric form
        "10.1.6938",
        "3/14/2111",
        "2126-04-12",
        "1.10.1.2019",
        "10.1.2019.3",
        # ISO 8601 event timestamps with a "T" time: when a service logged something
        "2026-05-27T13:28:46.799Z",
        "2026-10-28T00:14:16Z",
        "2026-10-28T00:14",
        "2026-10-28T00:14:16+02:00",
        "2026-10-28T00:14:16.5-0500",
        '{"ts": "2026-05-27T13:28:46.799Z", "event": "join"}',
    ],
)
def test_dates_not_found(run, text: str) -> None:
    assert run("DateMentionRecognizer", text) == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ping @jdoe about it", "jdoe"),
        ("username: jdoe42", "jdoe42"),
        (r"crash in C:\Users\jdoe\AppData\x.dll", "jdoe"),
        ("path=C%3A%5CUsers%5Cmsmith%5CDesktop", "msmith"),
        ("/home/alice/.bashrc not found", "alice"),
        ('{"username": "jdoe", "x": 1}', "jdoe"),
    ],
)
def test_username_found(run, text: str, value: str) -> None:
    assert ("USERNAME", value) in run("UsernameRecognizer", text)


@pytest.mark.parametrize(
    "text", ["@here standup now", "email jo@example.com", "the user is not logged in", r"C:\Users\Public\x"]
)
def test_username_not_found(run, text: str) -> None:
    assert run("UsernameRecognizer", text) == set()


@pytest.mark.parametrize(
    ("name", "text", "entity", "value"),
    [
        ("DriverLicenseRecognizer", "driver's license D1234567 expired", "US_DRIVER_LICENSE", "D1234567"),
        ("PassportRecognizer", "passport no. 912803456 on file", "US_PASSPORT", "912803456"),
        ("BankAccountRecognizer", "checking account #4410223199", "BANK_ACCOUNT", "4410223199"),
        ("AbaRoutingNumberRecognizer", "routing number 011000015", "BANK_ACCOUNT", "011000015"),
        ("DeviceSerialRecognizer", "serial no. C02XK1ZJJG5H", "DEVICE_ID", "C02XK1ZJJG5H"),
        ("SsnKeywordRecognizer", "(SSN: 987-65-4320)", "US_SSN", "987-65-4320"),
        ("CreditCardKeywordRecognizer", "my card # 501864667909 is lost", "CREDIT_CARD", "501864667909"),
        ("DeviceImeiRecognizer", "IMEI 490154203237518 reported", "DEVICE_ID", "490154203237518"),
        ("DeviceSerialRecognizer", '{"device_serial": "0J9F7BZMDXKF"}', "DEVICE_ID", "0J9F7BZMDXKF"),
        (
            "DeviceSerialRecognizer",
            '{"device_id": "123e4567-e89b-12d3-a456-426614174000"}',
            "DEVICE_ID",
            "123e4567-e89b-12d3-a456-426614174000",
        ),
    ],
)
def test_keyword_identifiers_found(run, name: str, text: str, entity: str, value: str) -> None:
    assert (entity, value) in run(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("DriverLicenseRecognizer", "Public Duplicate License Required"),
        ("DriverLicenseRecognizer", "license renewed in 2019"),
        ("AbaRoutingNumberRecognizer", "routing number 011000016"),
        ("BankAccountRecognizer", "my account is locked since 2019"),
        ("DeviceSerialRecognizer", "the serial killer documentary"),
        ("CreditCardKeywordRecognizer", "my card # 501864667908 is lost"),
        ("PassportRecognizer", "passport photos cost 15 dollars"),
        ("DeviceImeiRecognizer", "IMEI 490154203237517 reported"),
        ("SsnKeywordRecognizer", "my social worker called 555-013-4477"),
    ],
)
def test_keyword_identifiers_not_found(run, name: str, text: str) -> None:
    assert run(name, text) == set()


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("email maria.g@example.org today", "EMAIL_ADDRESS", "maria.g@example.org"),
        ("GET /login?email=jdoe%40example.com", "EMAIL_ADDRESS", "jdoe%40example.com"),
        ("my social is 536-22-8412", "US_SSN", "536-22-8412"),
        ("card 4111 1111 1111 1111 expires", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
        ("login from 192.168.10.45 failed", "IP_ADDRESS", "192.168.10.45"),
        ("client 2001:db8:85a3::8a2e:370:7334 connected", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334"),
        ("device mac 00:1A:2B:3C:4D:5E joined", "MAC_ADDRESS", "00:1A:2B:3C:4D:5E"),
        ("see https://www.example.com/profile?id=7 now", "URL", "https://www.example.com/profile?id=7"),
        ("my zip code is 30301", "ZIP_CODE", "30301"),
        ("patient aged 91 today", "AGE", "91"),
        ("a 34-year-old female", "AGE", "34"),
    ],
)
def test_pattern_recognizers_found_by_the_engine(detect, text: str, entity: str, value: str) -> None:
    assert (entity, value) in detect(text)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("upgrade to version 10.2.0.4 now", "IP_ADDRESS"),
        ("card 4111 1111 1111 1112", "CREDIT_CARD"),
        ("invoice 536228412 was paid", "US_SSN"),
        ("order 30301 shipped", "ZIP_CODE"),
        ("a 20-year mortgage", "AGE"),
        ("open report.pdf", "URL"),
        ("at 10:15:20 we met", "MAC_ADDRESS"),
    ],
)
def test_pattern_recognizers_not_found_by_the_engine(detect, text: str, entity: str) -> None:
    assert all(found_entity != entity for found_entity, _ in detect(text))


def test_ages_over_89_score_higher(classifier_engine) -> None:
    young = classifier_engine.analyze("a 45-year-old man")
    old = classifier_engine.analyze("a 92-year-old man")
    assert [f.entity_type for f in young] == ["AGE"] and [f.entity_type for f in old] == ["AGE"]
    assert old[0].score > young[0].score


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Her sister still lives near Wrocław with the kids.", "Wrocław"),
        ("The parcel left ULAANBAATAR yesterday.", "ULAANBAATAR"),
        ("We spent two weeks touring Kazakhstan and Kyrgyzstan.", "Kyrgyzstan"),
        ("My cousin grew up in Victoria before university.", "Victoria"),
        ("The shipment came from Jordan last week.", "Jordan"),
    ],
)
def test_world_places_from_the_gazetteer(run, text: str, value: str) -> None:
    assert ("LOCATION", value) in run("LocationRecognizer", text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Nice to meet you, see you soon.", "Nice"),
        ("Jordan called me back after lunch.", "Jordan"),
        ("Florence will bring the slides.", "Florence"),
        ("the flights to wrocław were cheap", "wrocław"),
        ("Please ask Marta Palermo about the invoice.", "Palermo"),
    ],
)
def test_world_places_need_capitals_and_a_cue_when_ambiguous(run, text: str, value: str) -> None:
    assert ("LOCATION", value) not in run("LocationRecognizer", text)


def test_town_before_a_country_on_an_address_line(run) -> None:
    found = run("LocationRecognizer", "Tove Lindqvist  Villanueva de la Serena  Spain")
    assert ("LOCATION", "Villanueva de la Serena") in found
    assert ("LOCATION", "Hello") not in run("LocationRecognizer", "Hello, France is lovely.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Zofia Nowak joined the call late.", "Zofia Nowak"),
        ("The mural was painted by Okonkwo in the spring.", "Okonkwo"),
        ("I had a long meeting with Ingrid about the budget.", "Ingrid"),
        ("Directed by:  Aurelio T. Quintanar", "Aurelio T. Quintanar"),
        ("The rights went to Brynja Hrafnsdóttir last year.", "Brynja Hrafnsdóttir"),
        ("Our founders: Lindqvist, Kowalczyk and Oyelaran.", "Kowalczyk"),
        ("Anneke: Did you lock up? Sebastián: Yes, twice.", "Anneke"),
    ],
)
def test_international_names(run, text: str, value: str) -> None:
    found = {v for e, v in run("PersonRecognizer", text) if e == "PERSON"}
    assert any(value in v for v in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Note: The file is ready. Warning: Do not delete it.",
        "Plan A Today is the best option.",
        "I drove down to Santa Cruz for the weekend.",
        "The Milan Cathedral was crowded.",
        "Kind Regards from the Emergency Department",
    ],
)
def test_international_name_rules_stay_quiet(run, text: str) -> None:
    assert run("PersonRecognizer", text) == set()


@pytest.mark.parametrize(
    ("text", "postcode", "town"),
    [
        ("221 Baker Street\nLondon\nNW1 6XE", "NW1 6XE", "London"),
        ("40 King Street, Toronto, ON M5H 3Y2", "M5H 3Y2", "Toronto"),
        ("Pfarrgasse 91\n1100 Wien\nAUSTRIA", "1100", "Wien"),
    ],
)
def test_foreign_postcodes_inside_an_address_block(run, text: str, postcode: str, town: str) -> None:
    found = run("StreetAddressRecognizer", text)
    assert ("ZIP_CODE", postcode) in found and ("LOCATION", town) in found


def test_foreign_postcode_shapes_need_an_address_block(run) -> None:
    assert run("StreetAddressRecognizer", "The ticket SW1A 2AA was closed, see NW1 6XE") == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ferry arrived at Skagaströnd this morning.", "Skagaströnd"),
        ("the home town of Pirapora celebrated", "Pirapora"),
        ("After the storm we returned to Castelnou by bus.", "Castelnou"),
    ],
)
def test_location_after_arrival_and_home_town_cues(run, text: str, value: str) -> None:
    assert ("LOCATION", value) in run("LocationRecognizer", text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The stop is on Linzer Strasse 14 now.", "Linzer Strasse 14"),
        ("Deliver to Petőfi Sándor u. 7. before noon", "Petőfi Sándor u. 7."),
    ],
)
def test_street_word_and_number(run, text: str, value: str) -> None:
    assert ("STREET_ADDRESS", value) in run("StreetAddressRecognizer", text)


def test_street_word_needs_a_name_before_it(run) -> None:
    assert run("StreetAddressRecognizer", "We Will Weg 2 go") == set()


def test_listed_person_name_is_not_taken_for_a_place(detect) -> None:
    found = detect("Why is Rebecca so impulsive lately?")
    assert ("LOCATION", "Rebecca") not in found
    assert ("LOCATION", "Lisbon") in detect("Her brother moved from Lisbon last year.")


def test_speech_verbs_mark_a_subject(run) -> None:
    assert ("PERSON", "Zak") in run("PersonRecognizer", 'Zak shouted at the screen: "What now?"')


def test_lone_number_before_a_street_line_joins_the_address(run) -> None:
    found = run("StreetAddressRecognizer", "ship it to 4410 2875 Harbour Street, Halifax")
    assert ("STREET_ADDRESS", "4410 2875 Harbour Street") in found
    assert ("STREET_ADDRESS", "42 Oak Street") in run(
        "StreetAddressRecognizer", "In 2019 42 Oak Street was sold"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Logged: 2024-01-02 10:00:00 Name: Åsa Lindgren Phone: 555", "Åsa Lindgren"),
        ("Her maiden name is Ekström, she said", "Ekström"),
    ],
)
def test_name_labels(run, text: str, value: str) -> None:
    assert ("PERSON", value) in run("PersonRecognizer", text)


def test_name_label_of_a_file_is_no_person(run) -> None:
    assert run("PersonRecognizer", "File name: Report Final") == set()


def test_a_place_that_is_also_a_name_is_a_person_without_a_place_cue(detect) -> None:
    assert ("PERSON", "Jordan") in detect("Jordan's student number is S01938477 if you need his file")
    assert ("LOCATION", "Jordan") not in detect("Jordan's student number is S01938477 if you need his file")
    assert ("LOCATION", "Jordan") in detect("We flew to Jordan last May.")

"""Telehealth visits (speech recognition); the patient is a participant."""

FILLER = (
    "can you hear me okay",
    "hi there, thanks for joining",
    "let me pull up your chart",
    "how have you been feeling since last time",
    "okay, and any other questions for me",
    "take care, we'll talk soon",
    "sorry my camera is frozen",
    "mm-hmm, go on",
    "that's totally normal, don't worry",
    "alright let's go over the plan",
)
SENSITIVE = (
    "hi {subject_first}, can you confirm your date of birth",
    "sure it's {dob}",
    "and your address is still {address} {city} {zip}",
    "my insurance member id is {member_id}",
    "i have your {mrn} here",
    "so your {lab}, that's higher than we want",
    "i've been on {medication} since fall",
    "we're going to increase the {medication} dose",
    "any history of {condition} in the family",
    "no history of {neg_condition}, that's good",
    "the {condition} has been worse since {date}",
    "we'll schedule {procedure} at {facility}",
    "your last visit at {facility} was on {date}",
    "and you're {age} now right",
    "{other_first} is my wife, she's helping me on the call",
    "{titled} will call you with the results",
    "best number is {phone}",
    "you can email the forms to {email}",
    "my social is {ssn}",
    "you told {titled} about the {condition}, right",
    "{subject_first} it looks like the {procedure} went well",
)
DECOYS = (
    "the visit started at {timestamp}",
    "if we get cut off the meeting id is {meeting_id}",
    "{generic_health}",
    "my daughter's reading {fiction}",
    "you might have heard {celebrity} talking about this",
    "we're on app version {version}",
)
PAIRS = (
    ("the pharmacy callback number is {phone_head}", "{phone_tail}"),
    ("you can reach me at {phone_head} um", "{phone_tail} any time after five"),
)

"""Customer support chats (Slack-style, typed)."""

FILLER = (
    "hi, thanks for reaching out",
    "let me look into that for you",
    "one sec",
    "is there anything else i can help with",
    "that worked, thanks!",
    "sorry for the wait",
    "can you try restarting the app",
    "ok trying now",
    "still not working",
)
SENSITIVE = (
    "hi {other_first}, i can help",
    "my name is {subject_full}",
    "the account email is {email}",
    "can u call me at {phone}",
    "card on file is {card}",
    "shipping address is {address}, {city} {zip}",
    "i need to verify, last four of your ssn? full is fine too: {ssn}",
    "my drivers license number is {license}",
    "dob {dob}",
    "i was in the hospital with {condition} so i missed the payment",
    "i'm on {medication} and it makes me forgetful sorry",
    "{subject_first} here, i use the account for school",
    "{titled} approved the refund",
    "thanks {other_first}!",
    "i'm at {facility} all week for my mom",
)
DECOYS = (
    "your ticket is {ticket}",
    "order {order} was refunded",
    "we shipped the fix in {version}",
    "reference commit {git_hash}",
    "the outage started at {timestamp}",
    "meeting id is {meeting_id}",
    "lol did you see {celebrity}",
    "{generic_health}",
)
PAIRS = ()

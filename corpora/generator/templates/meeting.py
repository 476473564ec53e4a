"""Work meeting transcripts (speech recognition)."""

FILLER = (
    "okay can everybody see my screen",
    "sorry i was on mute",
    "let's give people another minute to join",
    "yeah that makes sense to me",
    "can we table that for next week",
    "i think we're good on the q four numbers",
    "you're breaking up a little",
    "let me share the deck real quick",
    "um so where were we",
    "cool cool cool, moving on",
    "i'll drop the notes in the channel after",
    "does anyone have a hard stop",
)
SENSITIVE = (
    "thanks {other_first}, go ahead",
    "{other_first} did you want to take this one",
    "i talked to {other_full} yesterday about the launch",
    "just loop in {other_first} and {subject_first} on that thread",
    "{subject_first} is out this week, she's having {procedure}",
    "heads up {subject_first} won't make it, his {condition} is acting up again",
    "you can reach me on my cell it's {phone}",
    "send it to {email}",
    "my personal email is {email} if the work one bounces",
    "i moved, the new address is {address} in {city}",
    "the package goes to {address}, zip is {zip}",
    "{titled} said it should be fine",
    "{subject_first}'s on {medication} now so she's a little foggy, be patient",
    "congrats to {subject_first}, he turns {age} on {date}",
    "i'm taking my kid to {facility} on {date} so i'll be out",
    "{subject_full} from legal is joining late",
    "ping {subject_first} directly, she's at {phone}",
    "she mentioned no history of {neg_condition} on the form, hr needs it anyway",
)
DECOYS = (
    "the meeting id is {meeting_id} if anyone drops",
    "we're on build {version} now",
    "that's tracked in {ticket}",
    "the fix landed in commit {git_hash}",
    "let's reconvene at {timestamp}",
    "did you see {celebrity} in the news this morning",
    "we're booked in conference room {room}",
    "{generic_health}",
    "my book club is reading {fiction}",
    "customer order {order} shipped twice",
)
PAIRS = (
    ("yeah my number is {phone_head}", "{phone_tail}, text is better"),
    ("okay the callback number is {phone_head} uh", "{phone_tail}"),
)

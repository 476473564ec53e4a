"""Class chats during an online lesson (typed, casual)."""

FILLER = (
    "can you repeat the last slide",
    "lol same",
    "is this gonna be on the test",
    "my mic isnt working",
    "brb",
    "thank you professor!",
    "where do we submit the lab",
    "i cant see the screen",
    "ok got it",
    "is the homework due friday",
)
SENSITIVE = (
    "{other_first} can you send me the notes",
    "@{other_first} check your email",
    "my email is {email} if anyone wants to study",
    "{other_first} and {subject_first} are in my group",
    "i got {grade} on the quiz :(",
    "wait {subject_first} got {grade} on the midterm??",
    "{subject_first} {discipline} lol",
    "sorry i {attendance}, was sick",
    "i have a {sped} thing so i get extra time",
    "my student id is {student_id} for the attendance form",
    "i'm on {aid} so i cant buy the book yet",
    "my gpa is {gpa} i need this class",
    "i scored {test_score} so idk",
    "text me {phone}",
    "{titled} said the lab is optional",
    "my portfolio is {profile_url}",
    "i transferred from {school} last year",
    "sorry i'm late i had a {condition} flare up",
    "{subject_first} {enrollment} so idk if they're taking the final",
)
DECOYS = (
    "is this {course} or the other section",
    "office hours are in room {room}",
    "zoom id {meeting_id}",
    "class starts at {timestamp}",
    "for english we read {fiction}",
    "did u see {celebrity} last night",
    "{generic_health}",
)
PAIRS = ()

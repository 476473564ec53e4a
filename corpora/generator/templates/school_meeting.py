"""IEP and parent-teacher meetings; the student is talked about, not present."""

FILLER = (
    "thanks everyone for making time",
    "let's start with strengths",
    "okay that sounds like a plan",
    "i'll send the summary home",
    "any questions from mom or dad",
    "we can meet again in six weeks",
    "sorry, the wifi here is spotty",
    "let me grab the data sheet",
)
SENSITIVE = (
    "so {subject_first} has been doing better in {subject_class}",
    "{subject_first} {discipline} again",
    "he {discipline} last tuesday",
    "we're doing {sped} for {subject_first} this spring",
    "her {sped} review is due on {date}",
    "{subject_full} got {grade} on the midterm",
    "{subject_first} scored {test_score}",
    "his gpa dropped to {gpa} this semester",
    "{subject_first} {attendance} this quarter",
    "she {enrollment}",
    "{subject_first} qualifies for {aid}",
    "we're applying for {aid} this year",
    "her student id is {student_id}",
    "{subject_first} transferred from {school}",
    "{subject_first}'s been on {medication} since fall and the nurse gives it at lunch",
    "the evaluation found {condition}",
    "{subject_first} is {kid_age} and reads at a second grade level",
    "i'm {other_first}, the school counselor",
    "{titled} will run the testing",
    "you can call me at {phone}",
    "the best email for us is {email}",
    "we live at {address} now",
)
DECOYS = (
    "we're meeting in room {room}",
    "she's in {course} with me",
    "the meeting id is {meeting_id}",
    "we finished at {timestamp}",
    "the class is reading {fiction}",
    "{generic_health}",
    "the district's 504 process usually takes about six weeks",
)
PAIRS = (("my cell is {phone_head}", "{phone_tail}"),)

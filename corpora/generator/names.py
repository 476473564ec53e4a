"""Name pools for the conversation corpus.

Wide on purpose (Latin, Hispanic, East/South Asian, African, Middle Eastern,
Slavic, non-ASCII spellings) so that a detector cannot pass by knowing a short
list of common English names. Every entry keeps its length when lowercased,
which the generator relies on to lowercase speech-recognition text safely.
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = tuple(
    """
    James Mary Robert Patricia Michael Jennifer William Linda David Elizabeth Richard Barbara Joseph Susan
    Thomas Jessica Charles Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra
    Steven Ashley Andrew Kimberly Joshua Emily Kevin Donna Brian Michelle George Carol Timothy Amanda
    Ryan Melissa Jacob Deborah Gary Stephanie Nicholas Rebecca Eric Sharon Jonathan Laura Larry Cynthia
    Justin Amy Scott Angela Brandon Shirley Benjamin Anna Samuel Brenda Gregory Pamela Alexander Emma
    Patrick Nicole Frank Helen Raymond Samantha Jack Katherine Dennis Christine Jerry Debra Tyler Rachel
    Aaron Carolyn Jose Janet Adam Maria Nathan Olivia Henry Heather Zachary Diane Douglas Julie Peter Joyce
    Sofia Valentina Camila Mateo Santiago Alejandro Guadalupe Ximena Joaquín Itzel Diego Lucía Marisol
    Rodrigo Catalina Esperanza Graciela Jesús Yolanda Paloma Rafael Inés Ramón Maribel Fernando Araceli
    Wei Mei Jun Hui Xiaoming Yan Li Jing Hao Ling Chen Min-jun Seo-yeon Ji-hoon Hae-won Hiroshi Yuki
    Haruto Sakura Kenji Aiko Takeshi Naoko Thanh Linh Minh Quang Hoa Duc Priya Arjun Ananya Rohan Deepika
    Vikram Lakshmi Sanjay Meera Rahul Kavya Aditya Nisha Ravi Sunita Harpreet Gurpreet Anil Divya Farhan
    Ayesha Imran Zainab Omar Fatima Yusuf Layla Hassan Amira Karim Noor Tariq Samira Khalid Mariam Ahmed
    Chinedu Ngozi Oluwaseun Adaeze Kwame Abena Kofi Ama Tendai Nomvula Thabo Zanele Amara Jelani Makena
    Emeka Chioma Folake Babajide Wanjiru Otieno Ayodele Nia Sekou Aminata Moussa Fatoumata Tariku Selam
    Dmitri Olga Sergei Natalia Ivan Svetlana Piotr Agnieszka Tomasz Katarzyna Bogdan Oksana Jiří Zuzana
    Søren Ingrid Björn Astrid Lars Freya Niamh Siobhan Cian Aoife Declan Saoirse Eóin Mairéad Ronan
    Giulia Matteo Francesca Lorenzo Chiara Luca Beatriz João Inês Tiago Leilani Keanu Malia Kai Tala
    Dakota Cheyenne Aiyana Takoda Winona Jude Rowan Quinn Reese Emerson Marlowe Sasha Noa Ezra Levi
    Tamar Yael Avi Shira Margaret Abhishek Nadia Mustafa Elif Emre Zeynep Burak Ayşe Mehmet
    Parisa Dariush Shirin Reza
    Keisha Jamal Tanisha DeShawn Latoya Darnell Imani Marcus Ebony Terrell Aaliyah Malik Jasmine Andre
    """.split()
)

LAST_NAMES: tuple[str, ...] = tuple(
    """
    Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson
    Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Hill Green Adams Baker Nelson
    Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook
    Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett
    Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz
    Reyes Morales Cruz Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Mendoza Castillo Jimenez Moreno Romero
    Herrera Medina Aguilar Vargas Castro Guzmán Fuentes Salazar Ibáñez Quintero Villalobos Espinoza Navarro
    Nguyen Tran Le Pham Hoang Huynh Phan Vu Dang Bui Do Ngo Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou
    Xu Sun Ma Zhu Hu Guo Lin Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Tanaka Suzuki Takahashi Watanabe
    Ito Yamamoto Nakamura Kobayashi Sato Kato Patel Shah Sharma Singh Kumar Gupta Reddy Iyer Nair Rao Menon
    Chatterjee Banerjee Mukherjee Desai Joshi Kapoor Malhotra Chaudhry Siddiqui Qureshi Khan Hussain Rahman
    Haddad Nasser Khoury Mansour Saleh Aziz Farouk Okafor Okonkwo Adeyemi Balogun Mensah Boateng Owusu Asante
    Mwangi Kamau Ochieng Njoroge Dlamini Nkosi Mokoena Diallo Traoré Keita Touré Abebe Tesfaye Girma Bekele
    Ivanov Petrov Sokolov Kuznetsov Popov Kowalski Nowak Wiśniewski Wójcik Novák Horváth Kovačević Jovanović
    Andersson Johansson Nielsen Hansen Larsen Eriksson Lindqvist O'Brien O'Connor Gallagher Byrne Walsh Doyle
    Rossi Russo Ferrari Esposito Bianchi Romano Costa Silva Santos Oliveira Pereira Ferreira Almeida Kahale
    Yilmaz Kaya Demir Şahin Çelik Hosseini Ahmadi Karimi Mohammadi Cohen Levy Mizrahi Friedman Goldberg
    Washington Jefferson Freeman Banks Coleman Bryant Jenkins Simmons Hayes Gaines Pruitt Whitfield Okoro
    """.split()
)

#: Given name -> nicknames people actually use in chat and calls.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Will", "Billy"),
    "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Robert": ("Rob", "Bobby"),
    "Katherine": ("Kate", "Katie"),
    "Alexander": ("Alex", "Xander"),
    "Jennifer": ("Jen", "Jenny"),
    "Christopher": ("Chris",),
    "Samantha": ("Sam", "Sammy"),
    "Michael": ("Mike", "Mikey"),
    "Rebecca": ("Becca", "Becky"),
    "Nicholas": ("Nick",),
    "Alejandro": ("Alex", "Ale"),
    "Guadalupe": ("Lupe",),
    "Francesca": ("Frankie",),
    "Jonathan": ("Jon", "Jonny"),
    "Oluwaseun": ("Seun",),
    "Babajide": ("Jide",),
    "Xiaoming": ("Ming",),
    "Abhishek": ("Abhi",),
    "Deborah": ("Deb", "Debbie"),
    "Zachary": ("Zach",),
    "Benjamin": ("Ben", "Benny"),
    "Joseph": ("Joe", "Joey"),
    "Jesús": ("Chuy",),
    "Fernando": ("Nando",),
    "Margaret": ("Peggy", "Maggie"),
    "Anthony": ("Tony",),
    "Timothy": ("Tim",),
    "Natalia": ("Natasha", "Tasha"),
    "Dmitri": ("Dima",),
}

#: Titles a speaker uses before a surname; the title itself is not part of the gold span.
TITLES_CHAT: tuple[str, ...] = ("Dr.", "Dr", "Mr.", "Ms.", "Mrs.", "Coach", "Nurse", "Principal", "Prof.")
TITLES_SPOKEN: tuple[str, ...] = ("doctor", "mister", "miss", "missus", "coach", "nurse", "principal")

#: Public figures in the news: talked about, never gold (they are not the data subjects).
PUBLIC_FIGURES: tuple[str, ...] = (
    "Taylor Swift",
    "Elon Musk",
    "LeBron James",
    "Serena Williams",
    "Barack Obama",
    "Joe Biden",
    "Oprah Winfrey",
    "Beyoncé",
    "Lionel Messi",
    "Simone Biles",
    "Bad Bunny",
    "Jeff Bezos",
    "Greta Thunberg",
    "Shohei Ohtani",
    "Dolly Parton",
    "Pope Francis",
    "Bruce Springsteen",
    "Naomi Osaka",
    "Keanu Reeves",
    "Malala Yousafzai",
)

#: Fictional characters from books and shows: their illnesses are fiction, not PHI.
FICTION: tuple[tuple[str, str, str], ...] = (
    ("Little Women", "Beth", "scarlet fever"),
    ("The Fault in Our Stars", "Hazel", "thyroid cancer"),
    ("Wonder", "Auggie", "a facial difference"),
    ("Flowers for Algernon", "Charlie", "an intellectual disability"),
    ("Breaking Bad", "Walter White", "lung cancer"),
    ("Grey's Anatomy", "Meredith", "Alzheimer's"),
    ("Five Feet Apart", "Stella", "cystic fibrosis"),
    ("Still Alice", "Alice", "early-onset Alzheimer's"),
    ("A Walk to Remember", "Jamie", "leukemia"),
    ("House", "Dr. House", "chronic pain"),
    ("The Curious Incident of the Dog in the Night-Time", "Christopher", "autism"),
    ("Me Before You", "Will", "quadriplegia"),
    ("Atypical", "Sam", "autism"),
    ("This Is Us", "Jack", "a heart attack"),
    ("The Bell Jar", "Esther", "depression"),
    ("Harry Potter", "Lupin", "lycanthropy"),
)

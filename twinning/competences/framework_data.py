"""The platform's own self-reflection questionnaire on the DigCompEdu framework (version 1).

The 6 areas and 22 competences follow the DigCompEdu framework, and the method (one item per practice,
six statements to choose from, one per proficiency level) follows SELFIE for Teachers. All item wording
was written for Twinning and is not taken from the JRC's or SELFIE's published texts. Each item's six
statements are ordered A1..C2, so the statement a teacher picks maps to levels 1..6 (A1 = 1, C2 = 6).
"""

LEVELS = [  # (number, code, English name, Greek name)
    (1, "A1", "Newcomer", "Νεοεισερχόμενος"),
    (2, "A2", "Explorer", "Εξερευνητής"),
    (3, "B1", "Integrator", "Ενσωματωτής"),
    (4, "B2", "Expert", "Εμπειρογνώμονας"),
    (5, "C1", "Leader", "Ηγέτης"),
    (6, "C2", "Pioneer", "Πρωτοπόρος"),
]

AREAS = [
    {
        "number": 1,
        "name_en": "Professional engagement",
        "name_el": "Επαγγελματική δέσμευση",
        "description_en": (
            "Using digital technologies to communicate, collaborate and grow professionally within the "
            "school and beyond."
        ),
        "description_el": (
            "Χρήση των ψηφιακών τεχνολογιών για επικοινωνία, συνεργασία και επαγγελματική εξέλιξη μέσα "
            "και έξω από το σχολείο."
        ),
        "competences": [
            {"code": "1.1", "name_en": "Organisational communication", "name_el": "Οργανωσιακή επικοινωνία"},
            {"code": "1.2", "name_en": "Professional collaboration", "name_el": "Επαγγελματική συνεργασία"},
            {"code": "1.3", "name_en": "Reflective practice", "name_el": "Αναστοχαστική πρακτική"},
            {
                "code": "1.4",
                "name_en": "Digital continuous professional development",
                "name_el": "Ψηφιακή συνεχής επαγγελματική ανάπτυξη",
            },
        ],
    },
    {
        "number": 2,
        "name_en": "Digital resources",
        "name_el": "Ψηφιακοί πόροι",
        "description_en": "Finding, creating, adapting and sharing digital learning resources responsibly.",
        "description_el": "Υπεύθυνη αναζήτηση, δημιουργία, προσαρμογή και διαμοιρασμός ψηφιακών μαθησιακών πόρων.",
        "competences": [
            {"code": "2.1", "name_en": "Selecting", "name_el": "Επιλογή ψηφιακών πόρων"},
            {
                "code": "2.2",
                "name_en": "Creating and modifying",
                "name_el": "Δημιουργία και τροποποίηση ψηφιακών πόρων",
            },
            {
                "code": "2.3",
                "name_en": "Managing, protecting and sharing",
                "name_el": "Διαχείριση, προστασία και διαμοιρασμός ψηφιακών πόρων",
            },
        ],
    },
    {
        "number": 3,
        "name_en": "Teaching and learning",
        "name_el": "Διδασκαλία και μάθηση",
        "description_en": (
            "Planning and running lessons in which digital technologies support teaching, guidance and "
            "pupils' learning."
        ),
        "description_el": (
            "Σχεδιασμός και υλοποίηση μαθημάτων στα οποία οι ψηφιακές τεχνολογίες στηρίζουν τη "
            "διδασκαλία, την καθοδήγηση και τη μάθηση των μαθητών."
        ),
        "competences": [
            {"code": "3.1", "name_en": "Teaching", "name_el": "Διδασκαλία"},
            {"code": "3.2", "name_en": "Guidance", "name_el": "Καθοδήγηση"},
            {"code": "3.3", "name_en": "Collaborative learning", "name_el": "Συνεργατική μάθηση"},
            {"code": "3.4", "name_en": "Self-regulated learning", "name_el": "Αυτορρυθμιζόμενη μάθηση"},
        ],
    },
    {
        "number": 4,
        "name_en": "Assessment",
        "name_el": "Αξιολόγηση",
        "description_en": (
            "Using digital technologies to assess pupils, make sense of evidence and give feedback that "
            "moves learning forward."
        ),
        "description_el": (
            "Αξιοποίηση των ψηφιακών τεχνολογιών για την αξιολόγηση των μαθητών, την ερμηνεία των "
            "τεκμηρίων και την ανατροφοδότηση που προωθεί τη μάθηση."
        ),
        "competences": [
            {"code": "4.1", "name_en": "Assessment strategies", "name_el": "Στρατηγικές αξιολόγησης"},
            {"code": "4.2", "name_en": "Analysing evidence", "name_el": "Ανάλυση τεκμηρίων"},
            {"code": "4.3", "name_en": "Feedback and planning", "name_el": "Ανατροφοδότηση και σχεδιασμός"},
        ],
    },
    {
        "number": 5,
        "name_en": "Empowering learners",
        "name_el": "Ενδυνάμωση των μαθητών",
        "description_en": (
            "Using digital technologies so that every pupil can take part, learn at their own level and "
            "be actively engaged."
        ),
        "description_el": (
            "Αξιοποίηση των ψηφιακών τεχνολογιών ώστε κάθε μαθητής να συμμετέχει, να μαθαίνει στο δικό "
            "του επίπεδο και να εμπλέκεται ενεργά."
        ),
        "competences": [
            {"code": "5.1", "name_en": "Accessibility and inclusion", "name_el": "Προσβασιμότητα και συμπερίληψη"},
            {
                "code": "5.2",
                "name_en": "Differentiation and personalisation",
                "name_el": "Διαφοροποίηση και εξατομίκευση",
            },
            {"code": "5.3", "name_en": "Actively engaging learners", "name_el": "Ενεργός εμπλοκή των μαθητών"},
        ],
    },
    {
        "number": 6,
        "name_en": "Facilitating learners' digital competence",
        "name_el": "Ανάπτυξη της ψηφιακής ικανότητας των μαθητών",
        "description_en": "Helping pupils to use digital technologies critically, creatively, safely and responsibly.",
        "description_el": (
            "Στήριξη των μαθητών ώστε να χρησιμοποιούν τις ψηφιακές τεχνολογίες κριτικά, δημιουργικά, με "
            "ασφάλεια και υπευθυνότητα."
        ),
        "competences": [
            {
                "code": "6.1",
                "name_en": "Information and media literacy",
                "name_el": "Πληροφοριακός γραμματισμός και γραμματισμός στα μέσα",
            },
            {
                "code": "6.2",
                "name_en": "Digital communication and collaboration",
                "name_el": "Ψηφιακή επικοινωνία και συνεργασία",
            },
            {"code": "6.3", "name_en": "Digital content creation", "name_el": "Δημιουργία ψηφιακού περιεχομένου"},
            {"code": "6.4", "name_en": "Responsible use", "name_el": "Υπεύθυνη χρήση"},
            {"code": "6.5", "name_en": "Digital problem solving", "name_el": "Επίλυση ψηφιακών προβλημάτων"},
        ],
    },
]

ITEMS = [
    {
        "code": "1.1.1",
        "competence": "1.1",
        "prompt_en": "Using digital channels to communicate with parents, pupils and colleagues",
        "prompt_el": "Χρήση ψηφιακών καναλιών για την επικοινωνία με γονείς, μαθητές και συναδέλφους",
        "statements_en": (
            (
                "I am aware that my school offers digital channels for announcements and messages, but I "
                "still communicate mostly on paper, by phone or in person."
            ),
            (
                "I have tried sending a few notices or reminders to parents or colleagues by email or "
                "through the school platform."
            ),
            (
                "I use the school's digital channels regularly to tell pupils and parents about homework, "
                "trips and timetable changes."
            ),
            (
                "I choose deliberately which channel suits each message and audience, and I keep personal "
                "data and sensitive matters out of open group chats."
            ),
            (
                "I reflect on whether our school's digital communication reaches every family and adjust "
                "my messages, their timing and their language accordingly."
            ),
            (
                "I initiate and help shape my school's digital communication plan, agreeing shared rules "
                "with colleagues and the parents' association."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι το σχολείο μου διαθέτει ψηφιακά κανάλια για ανακοινώσεις και μηνύματα, αλλά "
                "επικοινωνώ ακόμη κυρίως με σημειώματα, τηλεφωνικά ή δια ζώσης."
            ),
            (
                "Έχω δοκιμάσει να στείλω μερικές ανακοινώσεις ή υπενθυμίσεις σε γονείς ή συναδέλφους μέσω "
                "ηλεκτρονικού ταχυδρομείου ή της σχολικής πλατφόρμας."
            ),
            (
                "Χρησιμοποιώ τακτικά τα ψηφιακά κανάλια του σχολείου για να ενημερώνω μαθητές και γονείς "
                "για εργασίες, εκδρομές και αλλαγές στο πρόγραμμα."
            ),
            (
                "Επιλέγω συνειδητά ποιο κανάλι ταιριάζει σε κάθε μήνυμα και αποδέκτη και δεν αναφέρω "
                "προσωπικά δεδομένα ή ευαίσθητα θέματα σε ανοιχτές ομαδικές συνομιλίες."
            ),
            (
                "Αναστοχάζομαι αν η ψηφιακή επικοινωνία του σχολείου φτάνει σε όλες τις οικογένειες και "
                "προσαρμόζω ανάλογα τα μηνύματά μου, τη στιγμή αποστολής και τη γλώσσα τους."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για το σχέδιο ψηφιακής επικοινωνίας του σχολείου μου και συμφωνώ "
                "κοινούς κανόνες με τους συναδέλφους και τον σύλλογο γονέων."
            ),
        ),
    },
    {
        "code": "1.2.1",
        "competence": "1.2",
        "prompt_en": "Working with colleagues on shared digital materials",
        "prompt_el": "Συνεργασία με συναδέλφους σε κοινό ψηφιακό υλικό",
        "statements_en": (
            (
                "I am aware that colleagues share lesson materials in online folders and shared "
                "documents, but I have not joined in yet."
            ),
            (
                "I have tried downloading or commenting on materials that colleagues shared online, and "
                "now and then I share a worksheet of my own."
            ),
            (
                "I use shared folders and co-edited documents regularly to plan lessons, tests or school "
                "events together with colleagues."
            ),
            (
                "I choose deliberately the collaboration tool that fits each joint task, for example "
                "co-editing for plans and a forum for longer discussions."
            ),
            (
                "I reflect on how digital collaboration works in our staff team and suggest improvements "
                "so that everyone can take part."
            ),
            (
                "I lead online communities or shared collections where teachers from different schools "
                "build and improve materials together."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι συνάδελφοι μοιράζονται εκπαιδευτικό υλικό σε διαδικτυακούς φακέλους και "
                "κοινόχρηστα έγγραφα, αλλά δεν έχω συμμετάσχει ακόμη."
            ),
            (
                "Έχω δοκιμάσει να κατεβάσω ή να σχολιάσω υλικό που ανάρτησαν συνάδελφοι και πού και πού "
                "μοιράζομαι κι εγώ κάποιο φύλλο εργασίας."
            ),
            (
                "Χρησιμοποιώ τακτικά κοινόχρηστους φακέλους και έγγραφα κοινής επεξεργασίας για να "
                "σχεδιάζω μαζί με συναδέλφους μαθήματα, διαγωνίσματα ή σχολικές εκδηλώσεις."
            ),
            (
                "Επιλέγω συνειδητά το εργαλείο συνεργασίας που ταιριάζει σε κάθε κοινή εργασία, για "
                "παράδειγμα κοινή επεξεργασία για τα σχέδια και φόρουμ για εκτενέστερες συζητήσεις."
            ),
            (
                "Αναστοχάζομαι πώς λειτουργεί η ψηφιακή συνεργασία στον σύλλογο διδασκόντων και προτείνω "
                "βελτιώσεις ώστε να μπορούν να συμμετέχουν όλοι."
            ),
            (
                "Συντονίζω διαδικτυακές κοινότητες ή κοινές συλλογές όπου εκπαιδευτικοί από διαφορετικά "
                "σχολεία δημιουργούν και βελτιώνουν μαζί υλικό."
            ),
        ),
    },
    {
        "code": "1.2.2",
        "competence": "1.2",
        "prompt_en": "Collaborating online with partner schools in other regions or countries",
        "prompt_el": "Διαδικτυακή συνεργασία με σχολεία-εταίρους σε άλλες περιοχές ή χώρες",
        "statements_en": (
            (
                "I am aware that teachers can run joint projects with partner schools online, but I have "
                "not looked for partners myself."
            ),
            ("I have tried contacting a partner school or joining a few activities of a colleague's online project."),
            (
                "I use online platforms regularly to run joint activities with partner classes, such as "
                "shared presentations or video meetings."
            ),
            (
                "I choose deliberately the partners, tools and timetable of each project so that the "
                "collaboration serves clear learning goals."
            ),
            (
                "I reflect on each partnership with my partner teachers when it ends and use what we "
                "learned to plan the next one better."
            ),
            (
                "I initiate international projects, bring new colleagues into them and support them "
                "through their first partnerships."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι εκπαιδευτικοί μπορούν να υλοποιούν κοινά έργα με σχολεία-εταίρους μέσω "
                "του διαδικτύου, αλλά δεν έχω αναζητήσει ακόμη εταίρους."
            ),
            (
                "Έχω δοκιμάσει να έρθω σε επαφή με ένα σχολείο-εταίρο ή να συμμετάσχω σε λίγες "
                "δραστηριότητες του διαδικτυακού έργου ενός συναδέλφου."
            ),
            (
                "Χρησιμοποιώ τακτικά διαδικτυακές πλατφόρμες για κοινές δραστηριότητες με "
                "τάξεις-εταίρους, όπως κοινές παρουσιάσεις ή βιντεοσυναντήσεις."
            ),
            (
                "Επιλέγω συνειδητά τους εταίρους, τα εργαλεία και το χρονοδιάγραμμα κάθε έργου, ώστε η "
                "συνεργασία να υπηρετεί σαφείς μαθησιακούς στόχους."
            ),
            (
                "Αναστοχάζομαι μαζί με τους συναδέλφους-εταίρους κάθε συνεργασία όταν ολοκληρωθεί και "
                "αξιοποιώ όσα μάθαμε για να σχεδιάσω καλύτερα την επόμενη."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για διεθνή έργα, εντάσσω σε αυτά νέους συναδέλφους και τους "
                "στηρίζω στις πρώτες τους συνεργασίες."
            ),
        ),
    },
    {
        "code": "1.3.1",
        "competence": "1.3",
        "prompt_en": "Reflecting on and improving my own digital teaching practice",
        "prompt_el": "Αναστοχασμός και βελτίωση της δικής μου ψηφιακής διδακτικής πρακτικής",
        "statements_en": (
            (
                "I am aware that I could look back on how I use digital tools in class, but I rarely find "
                "the time to do so."
            ),
            "I have tried noting down after a lesson what worked and what did not when I used a digital tool.",
            ("I use pupils' comments and my own notes regularly to adjust the way I use technology in my lessons."),
            (
                "I analyse evidence from my lessons, such as pupils' work and participation, to decide "
                "which digital practices to keep or drop."
            ),
            (
                "I reflect on my digital practice together with colleagues, for example through peer "
                "observation, and revise my teaching in the light of their views."
            ),
            (
                "I lead reflection meetings or peer-observation groups in which colleagues examine and "
                "improve their use of digital technologies."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι θα μπορούσα να εξετάζω εκ των υστέρων πώς χρησιμοποιώ τα ψηφιακά εργαλεία "
                "στην τάξη, αλλά σπάνια βρίσκω χρόνο γι' αυτό."
            ),
            (
                "Έχω δοκιμάσει να σημειώνω μετά το μάθημα τι λειτούργησε και τι όχι όταν χρησιμοποίησα "
                "κάποιο ψηφιακό εργαλείο."
            ),
            (
                "Χρησιμοποιώ τακτικά τα σχόλια των μαθητών και τις σημειώσεις μου για να προσαρμόζω τον "
                "τρόπο που αξιοποιώ την τεχνολογία στα μαθήματά μου."
            ),
            (
                "Αναλύω τεκμήρια από τα μαθήματά μου, όπως τις εργασίες και τη συμμετοχή των μαθητών, για "
                "να αποφασίσω ποιες ψηφιακές πρακτικές θα διατηρήσω ή θα εγκαταλείψω."
            ),
            (
                "Αναστοχάζομαι μαζί με συναδέλφους την ψηφιακή μου πρακτική, για παράδειγμα μέσω "
                "αμοιβαίας παρατήρησης, και αναθεωρώ τη διδασκαλία μου με βάση τις απόψεις τους."
            ),
            (
                "Συντονίζω συναντήσεις αναστοχασμού ή ομάδες αμοιβαίας παρατήρησης όπου οι συνάδελφοι "
                "εξετάζουν και βελτιώνουν τη χρήση των ψηφιακών τεχνολογιών."
            ),
        ),
    },
    {
        "code": "1.4.1",
        "competence": "1.4",
        "prompt_en": "Taking part in online training",
        "prompt_el": "Συμμετοχή σε διαδικτυακή επιμόρφωση",
        "statements_en": (
            ("I am aware that online courses and webinars for teachers exist, but I have not taken part in one yet."),
            "I have tried an online course or webinar once or twice, though I did not always finish it.",
            ("I use online courses and webinars regularly to update my teaching, and I try out in class what I learn."),
            (
                "I choose deliberately among online training offers, based on the needs of my classes and "
                "the quality of each course."
            ),
            (
                "I reflect on what each course changed in my teaching and set myself new learning goals "
                "for the year ahead."
            ),
            (
                "I initiate or run online training for other teachers, for example as a trainer in a "
                "course or as a webinar speaker."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι υπάρχουν διαδικτυακά μαθήματα και σεμινάρια για εκπαιδευτικούς, αλλά δεν έχω "
                "συμμετάσχει ακόμη σε κάποιο."
            ),
            ("Έχω δοκιμάσει μία ή δύο φορές κάποιο διαδικτυακό μάθημα ή σεμινάριο, χωρίς πάντα να το ολοκληρώσω."),
            (
                "Χρησιμοποιώ τακτικά διαδικτυακά μαθήματα και σεμινάρια για να επικαιροποιώ τη διδασκαλία "
                "μου και εφαρμόζω στην τάξη όσα μαθαίνω."
            ),
            (
                "Επιλέγω συνειδητά ανάμεσα στις διαδικτυακές επιμορφώσεις που προσφέρονται, με βάση τις "
                "ανάγκες των τμημάτων μου και την ποιότητα κάθε μαθήματος."
            ),
            (
                "Αναστοχάζομαι τι άλλαξε στη διδασκαλία μου κάθε επιμόρφωση και θέτω νέους μαθησιακούς "
                "στόχους για την επόμενη χρονιά."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για διαδικτυακές επιμορφώσεις άλλων εκπαιδευτικών, για "
                "παράδειγμα ως εθελοντής επιμορφωτής σε μάθημα ή ως εισηγητής σε σεμινάριο."
            ),
        ),
    },
    {
        "code": "1.4.2",
        "competence": "1.4",
        "prompt_en": "Learning from online communities and open resources",
        "prompt_el": "Μάθηση μέσα από διαδικτυακές κοινότητες και ανοιχτούς πόρους",
        "statements_en": (
            ("I am aware that teachers exchange ideas in online groups and forums, but I do not follow any of them."),
            (
                "I have tried reading posts or watching tutorials from teacher communities when I needed "
                "an idea for a lesson."
            ),
            (
                "I use online teacher communities regularly to ask questions, find ideas and keep up with "
                "new digital practices."
            ),
            (
                "I select the communities and sources I follow with care, checking who is behind them and "
                "whether their advice suits my subject."
            ),
            (
                "I reflect on how what I learn online changes my practice, and I share my own experiences "
                "and results in return."
            ),
            (
                "I lead discussions or groups in teacher communities and publish guides or examples that "
                "other teachers use."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι εκπαιδευτικοί ανταλλάσσουν ιδέες σε διαδικτυακές ομάδες και φόρουμ, αλλά "
                "δεν παρακολουθώ κάποια από αυτές."
            ),
            (
                "Έχω δοκιμάσει να διαβάσω αναρτήσεις ή να δω βίντεο με οδηγίες από κοινότητες "
                "εκπαιδευτικών όταν χρειαζόμουν μια ιδέα για το μάθημα."
            ),
            (
                "Χρησιμοποιώ τακτικά διαδικτυακές κοινότητες εκπαιδευτικών για να θέτω ερωτήματα, να "
                "βρίσκω ιδέες και να ενημερώνομαι για νέες ψηφιακές πρακτικές."
            ),
            (
                "Επιλέγω προσεκτικά τις κοινότητες και τις πηγές που παρακολουθώ, ελέγχοντας ποιος "
                "βρίσκεται πίσω τους και αν οι συμβουλές τους ταιριάζουν στο μάθημά μου."
            ),
            (
                "Αναστοχάζομαι πώς αλλάζουν την πρακτική μου όσα μαθαίνω διαδικτυακά και μοιράζομαι με τη "
                "σειρά μου τις δικές μου εμπειρίες και τα αποτελέσματά τους."
            ),
            (
                "Ηγούμαι συζητήσεων ή ομάδων σε κοινότητες εκπαιδευτικών και δημοσιεύω οδηγούς ή "
                "παραδείγματα που αξιοποιούν άλλοι συνάδελφοι."
            ),
        ),
    },
    {
        "code": "2.1.1",
        "competence": "2.1",
        "prompt_en": "Searching for digital resources for my lessons",
        "prompt_el": "Αναζήτηση ψηφιακών πόρων για τα μαθήματά μου",
        "statements_en": (
            ("I am aware that there are collections of digital teaching resources, but I mostly rely on the textbook."),
            "I have tried simple web searches to find a video, an image or an exercise for a lesson.",
            (
                "I use educational repositories and search filters regularly to find resources for my "
                "subject and my pupils' age."
            ),
            (
                "I choose deliberately among resources by comparing their learning goals, their "
                "difficulty and the way pupils will work with them."
            ),
            (
                "I reflect on how the resources I chose worked with my pupils and refine my search "
                "strategies and criteria."
            ),
            ("I lead colleagues in building shared, annotated collections of good digital resources for our subjects."),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι υπάρχουν αποθετήρια ψηφιακού εκπαιδευτικού υλικού, αλλά στηρίζομαι κυρίως "
                "στο σχολικό εγχειρίδιο."
            ),
            (
                "Έχω δοκιμάσει απλές αναζητήσεις στο διαδίκτυο για να βρω ένα βίντεο, μια εικόνα ή μια "
                "άσκηση για κάποιο μάθημα."
            ),
            (
                "Χρησιμοποιώ τακτικά εκπαιδευτικά αποθετήρια και φίλτρα αναζήτησης για να βρίσκω πόρους "
                "κατάλληλους για το μάθημά μου και την ηλικία των μαθητών μου."
            ),
            (
                "Επιλέγω συνειδητά ανάμεσα σε πόρους, συγκρίνοντας τους μαθησιακούς στόχους, τον βαθμό "
                "δυσκολίας και τον τρόπο που θα δουλέψουν με αυτούς οι μαθητές."
            ),
            (
                "Αναστοχάζομαι πώς λειτούργησαν με τους μαθητές μου οι πόροι που επέλεξα και βελτιώνω τις "
                "στρατηγικές και τα κριτήρια αναζήτησής μου."
            ),
            (
                "Συντονίζω συναδέλφους στη δημιουργία κοινών, σχολιασμένων συλλογών από καλούς ψηφιακούς "
                "πόρους για τα μαθήματά μας."
            ),
        ),
    },
    {
        "code": "2.1.2",
        "competence": "2.1",
        "prompt_en": "Judging the quality and reliability of digital resources",
        "prompt_el": "Κρίση της ποιότητας και της αξιοπιστίας των ψηφιακών πόρων",
        "statements_en": (
            (
                "I am aware that not every online resource is accurate or suitable, but I have no "
                "particular way of checking them."
            ),
            "I have tried checking the author, date or origin of a resource before using it in class.",
            (
                "I use a few simple checks regularly, such as source, accuracy, advertising and age "
                "suitability, before I use a resource."
            ),
            (
                "I analyse resources against clear criteria, including bias, accessibility and data "
                "collection, and reject those that fall short."
            ),
            (
                "I reflect on my quality criteria from time to time and update them as new kinds of "
                "resources and risks appear."
            ),
            ("I initiate shared quality criteria for digital resources at my school and help colleagues apply them."),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι δεν είναι όλοι οι διαδικτυακοί πόροι ακριβείς ή κατάλληλοι, αλλά δεν έχω "
                "κάποιον συγκεκριμένο τρόπο να τους ελέγχω."
            ),
            (
                "Έχω δοκιμάσει να ελέγξω τον δημιουργό, την ημερομηνία ή την προέλευση ενός πόρου πριν "
                "τον χρησιμοποιήσω στην τάξη."
            ),
            (
                "Χρησιμοποιώ τακτικά μερικούς απλούς ελέγχους, όπως την πηγή, την ακρίβεια, τις "
                "διαφημίσεις και την καταλληλότητα για την ηλικία, πριν αξιοποιήσω έναν πόρο."
            ),
            (
                "Αναλύω τους πόρους με σαφή κριτήρια, όπως η μεροληψία, η προσβασιμότητα και η συλλογή "
                "δεδομένων, και απορρίπτω όσους δεν τα πληρούν."
            ),
            (
                "Αναστοχάζομαι κατά διαστήματα τα κριτήρια ποιότητας που εφαρμόζω και τα επικαιροποιώ "
                "καθώς εμφανίζονται νέα είδη πόρων και νέοι κίνδυνοι."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για κοινά κριτήρια ποιότητας των ψηφιακών πόρων στο σχολείο μου "
                "και βοηθώ τους συναδέλφους να τα εφαρμόζουν."
            ),
        ),
    },
    {
        "code": "2.2.1",
        "competence": "2.2",
        "prompt_en": "Adapting existing digital resources",
        "prompt_el": "Προσαρμογή υπαρχόντων ψηφιακών πόρων",
        "statements_en": (
            "I am aware that many digital resources can be edited or adapted, but I use them as they are.",
            (
                "I have tried making small changes to a ready-made resource, such as shortening a "
                "presentation or editing a worksheet."
            ),
            (
                "I use editing tools regularly to adapt resources to my class, changing the language, the "
                "examples or the level of difficulty."
            ),
            (
                "I choose deliberately which parts of a resource to keep, change or combine, so that it "
                "fits my pupils' needs and the lesson's goals."
            ),
            (
                "I reflect on how my adapted resources worked in class and keep improving them from one "
                "school year to the next."
            ),
            (
                "I lead the adaptation of resources with colleagues and publish improved versions for "
                "other teachers to reuse."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι πολλοί ψηφιακοί πόροι μπορούν να τροποποιηθούν ή να προσαρμοστούν, αλλά τους "
                "χρησιμοποιώ όπως είναι."
            ),
            (
                "Έχω δοκιμάσει να κάνω μικρές αλλαγές σε έτοιμο υλικό, για παράδειγμα να συντομεύσω μια "
                "παρουσίαση ή να διορθώσω ένα φύλλο εργασίας."
            ),
            (
                "Χρησιμοποιώ τακτικά εργαλεία επεξεργασίας για να προσαρμόζω το υλικό στην τάξη μου, "
                "αλλάζοντας τη γλώσσα, τα παραδείγματα ή τον βαθμό δυσκολίας."
            ),
            (
                "Επιλέγω συνειδητά ποια μέρη ενός πόρου θα κρατήσω, θα αλλάξω ή θα συνδυάσω, ώστε να "
                "ανταποκρίνεται στις ανάγκες των μαθητών μου και στους στόχους του μαθήματος."
            ),
            (
                "Αναστοχάζομαι πώς λειτούργησαν στην τάξη οι πόροι που προσάρμοσα και τους βελτιώνω "
                "συνεχώς από τη μια σχολική χρονιά στην άλλη."
            ),
            (
                "Συντονίζω την προσαρμογή πόρων μαζί με συναδέλφους και δημοσιεύω βελτιωμένες εκδοχές για "
                "να τις αξιοποιούν κι άλλοι εκπαιδευτικοί."
            ),
        ),
    },
    {
        "code": "2.2.2",
        "competence": "2.2",
        "prompt_en": "Creating my own digital learning resources",
        "prompt_el": "Δημιουργία δικών μου ψηφιακών μαθησιακών πόρων",
        "statements_en": (
            (
                "I am aware that teachers can create their own quizzes, videos or interactive exercises, "
                "but I have not done so yet."
            ),
            (
                "I have tried creating a simple digital resource, such as a slide presentation, an online "
                "quiz or a short audio recording."
            ),
            (
                "I use several tools regularly to create digital resources for my lessons, such as "
                "interactive worksheets and short videos."
            ),
            (
                "I choose deliberately the format and tool for each resource I create, depending on the "
                "learning goal and on how pupils will work with it."
            ),
            (
                "I reflect on my resources in the light of pupils' results and comments, and redesign "
                "them so that they support learning better."
            ),
            (
                "I initiate new kinds of interactive resources, such as simulations or games, and share "
                "them openly with the teaching community."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι εκπαιδευτικοί μπορούν να δημιουργούν δικά τους κουίζ, βίντεο ή "
                "διαδραστικές ασκήσεις, αλλά δεν το έχω κάνει ακόμη."
            ),
            (
                "Έχω δοκιμάσει να δημιουργήσω έναν απλό ψηφιακό πόρο, όπως μια παρουσίαση, ένα "
                "διαδικτυακό κουίζ ή μια σύντομη ηχογράφηση."
            ),
            (
                "Χρησιμοποιώ τακτικά διάφορα εργαλεία για να δημιουργώ ψηφιακούς πόρους για τα μαθήματά "
                "μου, όπως διαδραστικά φύλλα εργασίας και σύντομα βίντεο."
            ),
            (
                "Επιλέγω συνειδητά τη μορφή και το εργαλείο για κάθε πόρο που δημιουργώ, ανάλογα με τον "
                "μαθησιακό στόχο και τον τρόπο που θα δουλέψουν οι μαθητές."
            ),
            (
                "Αναστοχάζομαι πάνω στους πόρους μου με βάση τα αποτελέσματα και τα σχόλια των μαθητών "
                "και τους ανασχεδιάζω ώστε να στηρίζουν καλύτερα τη μάθηση."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για νέα είδη διαδραστικών πόρων, όπως προσομοιώσεις ή παιχνίδια, "
                "και τα μοιράζομαι ανοιχτά με την εκπαιδευτική κοινότητα."
            ),
        ),
    },
    {
        "code": "2.3.1",
        "competence": "2.3",
        "prompt_en": "Sharing resources while respecting copyright and personal data",
        "prompt_el": "Διαμοιρασμός πόρων με σεβασμό στα πνευματικά δικαιώματα και στα προσωπικά δεδομένα",
        "statements_en": (
            (
                "I am aware that copyright and data protection rules apply to digital materials, but I am "
                "not sure what they mean for my work."
            ),
            (
                "I have tried checking the licence of an image or text, or protecting a file with pupils' "
                "marks by a password."
            ),
            (
                "I use openly licensed materials regularly, cite their sources and store pupils' data "
                "only in the places my school has approved."
            ),
            (
                "I choose deliberately the licence and access settings for everything I share, for "
                "example keeping pupils' photos private."
            ),
            (
                "I reflect on how I organise and protect my files and pupils' data, and improve my "
                "routines when rules or tools change."
            ),
            (
                "I initiate school guidance on licensing, storing and sharing digital materials, and "
                "support colleagues in following it."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι για το ψηφιακό υλικό ισχύουν κανόνες πνευματικών δικαιωμάτων και προστασίας "
                "δεδομένων, αλλά δεν ξέρω με σιγουριά τι σημαίνουν για τη δουλειά μου."
            ),
            (
                "Έχω δοκιμάσει να ελέγξω την άδεια χρήσης μιας εικόνας ή ενός κειμένου ή να προστατεύσω "
                "με κωδικό ένα αρχείο με βαθμούς μαθητών."
            ),
            (
                "Χρησιμοποιώ τακτικά υλικό με ανοιχτές άδειες, αναφέρω τις πηγές του και αποθηκεύω "
                "δεδομένα μαθητών μόνο στους χώρους που έχει εγκρίνει το σχολείο."
            ),
            (
                "Επιλέγω συνειδητά την άδεια χρήσης και τις ρυθμίσεις πρόσβασης για ό,τι μοιράζομαι, για "
                "παράδειγμα διατηρώ ιδιωτικές τις φωτογραφίες των μαθητών."
            ),
            (
                "Αναστοχάζομαι πώς οργανώνω και προστατεύω τα αρχεία μου και τα δεδομένα των μαθητών και "
                "βελτιώνω τις συνήθειές μου όταν αλλάζουν οι κανόνες ή τα εργαλεία."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για οδηγίες του σχολείου σχετικά με τις άδειες, την αποθήκευση "
                "και τον διαμοιρασμό ψηφιακού υλικού και στηρίζω τους συναδέλφους να τις εφαρμόζουν."
            ),
        ),
    },
    {
        "code": "3.1.1",
        "competence": "3.1",
        "prompt_en": "Using digital technologies in my lessons",
        "prompt_el": "Αξιοποίηση ψηφιακών τεχνολογιών στα μαθήματά μου",
        "statements_en": (
            "I am aware that digital tools could enrich my lessons, but I teach mostly without them.",
            (
                "I have tried using the projector or the interactive whiteboard to show videos, images or "
                "presentations in some lessons."
            ),
            (
                "I use digital tools regularly in my lessons, both to present content and for activities "
                "that pupils carry out themselves."
            ),
            (
                "I choose deliberately when and how to use technology in each phase of a lesson, and when "
                "it is better to do without it."
            ),
            (
                "I reflect on whether technology really adds value to my lessons and redesign the "
                "activities where it does not."
            ),
            (
                "I initiate new teaching approaches with digital technologies and help colleagues try "
                "them out in their own classes."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα ψηφιακά εργαλεία θα μπορούσαν να εμπλουτίσουν τα μαθήματά μου, αλλά "
                "διδάσκω κυρίως χωρίς αυτά."
            ),
            (
                "Έχω δοκιμάσει να χρησιμοποιήσω τον προβολέα ή τον διαδραστικό πίνακα για να δείξω "
                "βίντεο, εικόνες ή παρουσιάσεις σε ορισμένα μαθήματα."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά εργαλεία στα μαθήματά μου, τόσο για την παρουσίαση του "
                "περιεχομένου όσο και για δραστηριότητες που κάνουν οι ίδιοι οι μαθητές."
            ),
            (
                "Επιλέγω συνειδητά πότε και πώς θα χρησιμοποιήσω την τεχνολογία σε κάθε φάση του "
                "μαθήματος και πότε είναι προτιμότερο να μην τη χρησιμοποιήσω."
            ),
            (
                "Αναστοχάζομαι αν η τεχνολογία προσθέτει πραγματικά αξία στα μαθήματά μου και ανασχεδιάζω "
                "τις δραστηριότητες όπου δεν το κάνει."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για νέες διδακτικές προσεγγίσεις με ψηφιακές τεχνολογίες και "
                "βοηθώ τους συναδέλφους να τις δοκιμάσουν στις τάξεις τους."
            ),
        ),
    },
    {
        "code": "3.1.2",
        "competence": "3.1",
        "prompt_en": "Organising digital activities, devices and online teaching",
        "prompt_el": "Οργάνωση ψηφιακών δραστηριοτήτων, συσκευών και εξ αποστάσεως διδασκαλίας",
        "statements_en": (
            (
                "I am aware that lessons with devices or online teaching need their own organisation, but "
                "I have little experience of them."
            ),
            (
                "I have tried a lesson in which pupils worked on computers or tablets, or a live online "
                "session with my class."
            ),
            (
                "I use clear routines regularly for handing out devices, logging in and saving work, so "
                "that digital activities run smoothly."
            ),
            (
                "I choose deliberately between face-to-face, online and blended formats for each "
                "activity, and keep a fallback plan in case the technology fails."
            ),
            (
                "I reflect on how time, devices and attention are used in my digital lessons and "
                "reorganise them to leave more time for learning."
            ),
            (
                "I lead the organisation of digital and blended teaching at my school, for example the "
                "device schedule or shared online classrooms."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα μαθήματα με συσκευές και η εξ αποστάσεως διδασκαλία χρειάζονται ιδιαίτερη "
                "οργάνωση, αλλά έχω μικρή εμπειρία σε αυτά."
            ),
            (
                "Έχω δοκιμάσει ένα μάθημα όπου οι μαθητές δούλεψαν σε υπολογιστές ή ταμπλέτες ή μια "
                "ζωντανή διαδικτυακή συνάντηση με την τάξη μου."
            ),
            (
                "Χρησιμοποιώ τακτικά σαφείς ρουτίνες για το μοίρασμα των συσκευών, τη σύνδεση και την "
                "αποθήκευση των εργασιών, ώστε οι ψηφιακές δραστηριότητες να κυλούν ομαλά."
            ),
            (
                "Επιλέγω συνειδητά ανάμεσα σε δια ζώσης, εξ αποστάσεως και μικτή μορφή για κάθε "
                "δραστηριότητα και έχω πάντα εναλλακτικό σχέδιο αν η τεχνολογία δεν λειτουργήσει."
            ),
            (
                "Αναστοχάζομαι πώς αξιοποιούνται ο χρόνος, οι συσκευές και η προσοχή στα ψηφιακά μου "
                "μαθήματα και τα αναδιοργανώνω ώστε να μένει περισσότερος χρόνος για μάθηση."
            ),
            (
                "Συντονίζω την οργάνωση της ψηφιακής και της μικτής διδασκαλίας στο σχολείο μου, για "
                "παράδειγμα το πρόγραμμα χρήσης των συσκευών ή τις κοινές ηλεκτρονικές τάξεις."
            ),
        ),
    },
    {
        "code": "3.2.1",
        "competence": "3.2",
        "prompt_en": "Supporting and guiding pupils through digital channels",
        "prompt_el": "Υποστήριξη και καθοδήγηση των μαθητών μέσω ψηφιακών καναλιών",
        "statements_en": (
            (
                "I am aware that I could answer pupils' questions or follow their progress online, but I "
                "do this only in class."
            ),
            ("I have tried answering pupils' questions by message or commenting on their work in an online space."),
            (
                "I use the class's online space regularly to guide pupils between lessons, answer their "
                "questions and comment on work in progress."
            ),
            (
                "I choose deliberately when and how to step in online, noticing who is stuck or silent "
                "and offering targeted help."
            ),
            (
                "I reflect on how my online guidance affects pupils' learning and adjust how often, when "
                "and in what tone I give it."
            ),
            (
                "I initiate new forms of digital guidance, such as online help hours or peer mentoring, "
                "and share them with colleagues."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι θα μπορούσα να απαντώ σε ερωτήσεις των μαθητών ή να παρακολουθώ την πρόοδό "
                "τους διαδικτυακά, αλλά το κάνω μόνο μέσα στην τάξη."
            ),
            (
                "Έχω δοκιμάσει να απαντώ σε ερωτήσεις μαθητών με μηνύματα ή να σχολιάζω τις εργασίες τους "
                "σε έναν διαδικτυακό χώρο."
            ),
            (
                "Χρησιμοποιώ τακτικά τον διαδικτυακό χώρο της τάξης για να καθοδηγώ τους μαθητές ανάμεσα "
                "στα μαθήματα, να απαντώ σε ερωτήσεις και να σχολιάζω εργασίες σε εξέλιξη."
            ),
            (
                "Επιλέγω συνειδητά πότε και πώς παρεμβαίνω διαδικτυακά, προσέχοντας ποιος δυσκολεύεται ή "
                "σιωπά, και προσφέρω στοχευμένη βοήθεια."
            ),
            (
                "Αναστοχάζομαι πώς επηρεάζει η διαδικτυακή μου καθοδήγηση τη μάθηση των μαθητών και "
                "προσαρμόζω τη συχνότητα, τη χρονική στιγμή και το ύφος της."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για νέες μορφές ψηφιακής καθοδήγησης, όπως διαδικτυακές ώρες "
                "υποστήριξης ή αλληλοβοήθεια μεταξύ μαθητών, και τις μοιράζομαι με συναδέλφους."
            ),
        ),
    },
    {
        "code": "3.3.1",
        "competence": "3.3",
        "prompt_en": "Digital group work among my pupils",
        "prompt_el": "Ψηφιακή ομαδική εργασία των μαθητών μου",
        "statements_en": (
            (
                "I am aware that pupils can work together on shared documents or online boards, but I "
                "have not organised this yet."
            ),
            "I have tried a group activity in which pupils created something together with a digital tool.",
            (
                "I use digital tools regularly for group work, such as writing a text together or "
                "building a shared presentation."
            ),
            (
                "I choose deliberately tools and roles for group work so that every pupil contributes and "
                "I can see what each one did."
            ),
            (
                "I reflect on how my pupils collaborate online and change group size, roles or tools when "
                "the work is unevenly shared."
            ),
            ("I initiate new forms of digital collaboration in class and help colleagues set them up in theirs."),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές μπορούν να συνεργάζονται σε κοινόχρηστα έγγραφα ή ψηφιακούς "
                "πίνακες, αλλά δεν το έχω οργανώσει ακόμη."
            ),
            ("Έχω δοκιμάσει μια ομαδική δραστηριότητα όπου οι μαθητές δημιούργησαν κάτι μαζί με ένα ψηφιακό εργαλείο."),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά εργαλεία για ομαδικές εργασίες, όπως η συγγραφή ενός κοινού "
                "κειμένου ή η δημιουργία μιας κοινής παρουσίασης."
            ),
            (
                "Επιλέγω συνειδητά εργαλεία και ρόλους για την ομαδική εργασία, ώστε να συμβάλλει κάθε "
                "μαθητής και να βλέπω τη συνεισφορά του καθενός."
            ),
            (
                "Αναστοχάζομαι πώς συνεργάζονται διαδικτυακά οι μαθητές μου και αλλάζω το μέγεθος των "
                "ομάδων, τους ρόλους ή τα εργαλεία όταν η δουλειά δεν μοιράζεται δίκαια."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για νέες μορφές ψηφιακής συνεργασίας στην τάξη και βοηθώ τους "
                "συναδέλφους να τις οργανώσουν στις δικές τους."
            ),
        ),
    },
    {
        "code": "3.3.2",
        "competence": "3.3",
        "prompt_en": "My pupils collaborating online with pupils from partner schools",
        "prompt_el": "Διαδικτυακή συνεργασία των μαθητών μου με μαθητές σχολείων-εταίρων",
        "statements_en": (
            (
                "I am aware that my pupils could work online with pupils from other schools, but they "
                "have not done so yet."
            ),
            (
                "I have tried a simple exchange between my class and a partner class, such as letters, "
                "photos or a video greeting."
            ),
            (
                "I use a shared online space regularly in which my pupils and our partners' pupils work "
                "together on joint tasks."
            ),
            (
                "I choose deliberately mixed international teams and tasks that need real cooperation, "
                "not just an exchange of finished work."
            ),
            (
                "I reflect with my partner teachers on how the pupils cooperated and improve the teams "
                "and tasks for the next project."
            ),
            (
                "I initiate projects in which pupils from several countries create a product together, "
                "and I help other teachers join in."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές μου θα μπορούσαν να συνεργαστούν διαδικτυακά με μαθητές άλλων "
                "σχολείων, αλλά δεν το έχουν κάνει ακόμη."
            ),
            (
                "Έχω δοκιμάσει μια απλή ανταλλαγή ανάμεσα στην τάξη μου και μια τάξη-εταίρο, όπως "
                "επιστολές, φωτογραφίες ή έναν βιντεοσκοπημένο χαιρετισμό."
            ),
            (
                "Χρησιμοποιώ τακτικά έναν κοινό διαδικτυακό χώρο όπου οι μαθητές μου και οι μαθητές των "
                "εταίρων δουλεύουν μαζί σε κοινές εργασίες."
            ),
            (
                "Επιλέγω συνειδητά μικτές διεθνείς ομάδες και εργασίες που απαιτούν πραγματική συνεργασία "
                "και όχι απλή ανταλλαγή έτοιμων εργασιών."
            ),
            (
                "Αναστοχάζομαι μαζί με τους συναδέλφους-εταίρους πώς συνεργάστηκαν οι μαθητές και "
                "βελτιώνω τις ομάδες και τις εργασίες για το επόμενο έργο."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για έργα στα οποία μαθητές από διάφορες χώρες δημιουργούν από "
                "κοινού ένα προϊόν και βοηθώ άλλους εκπαιδευτικούς να συμμετάσχουν."
            ),
        ),
    },
    {
        "code": "3.4.1",
        "competence": "3.4",
        "prompt_en": "Helping pupils plan, track and reflect on their own learning with digital tools",
        "prompt_el": (
            "Στήριξη των μαθητών να σχεδιάζουν, να παρακολουθούν και να αναστοχάζονται τη μάθησή τους με "
            "ψηφιακά εργαλεία"
        ),
        "statements_en": (
            (
                "I am aware that digital tools such as online portfolios or learning diaries can help "
                "pupils manage their own learning."
            ),
            "I have tried asking pupils to set a goal or keep a short digital learning diary during a unit.",
            (
                "I use digital portfolios, checklists or self-check quizzes regularly so that pupils can "
                "follow their own progress."
            ),
            (
                "I choose deliberately self-assessment and planning tools that suit my pupils' age, and I "
                "teach them how to use them."
            ),
            (
                "I reflect on how independently my pupils learn and gradually hand over more choices "
                "about goals, pace and resources."
            ),
            (
                "I initiate approaches in which pupils run their own digital learning projects, and I "
                "share these approaches with colleagues."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι ψηφιακά εργαλεία, όπως τα ηλεκτρονικά χαρτοφυλάκια ή τα ημερολόγια μάθησης, "
                "μπορούν να βοηθήσουν τους μαθητές να διαχειρίζονται τη μάθησή τους."
            ),
            (
                "Έχω δοκιμάσει να ζητήσω από τους μαθητές να θέσουν έναν στόχο ή να κρατήσουν ένα σύντομο "
                "ψηφιακό ημερολόγιο μάθησης σε μια ενότητα."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά χαρτοφυλάκια, λίστες ελέγχου ή κουίζ αυτοελέγχου, ώστε οι "
                "μαθητές να παρακολουθούν μόνοι τους την πρόοδό τους."
            ),
            (
                "Επιλέγω συνειδητά εργαλεία αυτοαξιολόγησης και προγραμματισμού που ταιριάζουν στην "
                "ηλικία των μαθητών μου και τους διδάσκω πώς να τα χρησιμοποιούν."
            ),
            (
                "Αναστοχάζομαι πόσο αυτόνομα μαθαίνουν οι μαθητές μου και τους παραχωρώ σταδιακά "
                "περισσότερες επιλογές για τους στόχους, τον ρυθμό και τους πόρους."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για προσεγγίσεις στις οποίες οι μαθητές οργανώνουν οι ίδιοι τα "
                "ψηφιακά μαθησιακά τους σχέδια και τις μοιράζομαι με συναδέλφους."
            ),
        ),
    },
    {
        "code": "4.1.1",
        "competence": "4.1",
        "prompt_en": "Using digital tools to assess pupils",
        "prompt_el": "Αξιοποίηση ψηφιακών εργαλείων για την αξιολόγηση των μαθητών",
        "statements_en": (
            (
                "I am aware that quizzes, polls and online tasks can be used for assessment, but I assess "
                "only on paper or orally."
            ),
            "I have tried an online quiz or poll to check what pupils remembered from a lesson.",
            ("I use digital quizzes and assignments regularly to check understanding during a unit and at its end."),
            (
                "I choose deliberately among digital assessment formats, matching each one to what I want "
                "to assess and when."
            ),
            (
                "I reflect on whether my digital assessments are fair and valid, and revise questions "
                "that do not show what pupils really know."
            ),
            "I initiate new digital assessment approaches at my school and help colleagues design them.",
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα κουίζ, οι ψηφοφορίες και οι διαδικτυακές εργασίες μπορούν να αξιοποιηθούν "
                "στην αξιολόγηση, αλλά αξιολογώ μόνο γραπτώς σε χαρτί ή προφορικά."
            ),
            (
                "Έχω δοκιμάσει ένα διαδικτυακό κουίζ ή μια ψηφοφορία για να ελέγξω τι θυμούνται οι "
                "μαθητές από το μάθημα."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά κουίζ και εργασίες για να ελέγχω την κατανόηση κατά τη "
                "διάρκεια μιας ενότητας και στο τέλος της."
            ),
            (
                "Επιλέγω συνειδητά ανάμεσα σε διάφορες μορφές ψηφιακής αξιολόγησης, ταιριάζοντας την "
                "καθεμία με αυτό που θέλω να αξιολογήσω και με τη χρονική στιγμή."
            ),
            (
                "Αναστοχάζομαι αν οι ψηφιακές μου αξιολογήσεις είναι δίκαιες και έγκυρες και αναθεωρώ τις "
                "ερωτήσεις που δεν δείχνουν τι πραγματικά γνωρίζουν οι μαθητές."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για νέες προσεγγίσεις ψηφιακής αξιολόγησης στο σχολείο μου και "
                "βοηθώ τους συναδέλφους να τις σχεδιάσουν."
            ),
        ),
    },
    {
        "code": "4.1.2",
        "competence": "4.1",
        "prompt_en": "Assessing projects, portfolios and creative work in digital form",
        "prompt_el": "Αξιολόγηση σχεδίων εργασίας, χαρτοφυλακίων και δημιουργικών εργασιών σε ψηφιακή μορφή",
        "statements_en": (
            (
                "I am aware that digital portfolios or projects can show skills that tests miss, but I "
                "have not assessed pupils this way."
            ),
            "I have tried assessing a digital product made by pupils, such as a video, a podcast or a poster.",
            (
                "I use assessment rubrics regularly, shared with pupils in advance, to assess their "
                "digital projects and portfolios."
            ),
            (
                "I choose deliberately a mix of self-assessment, peer assessment and my own assessment "
                "for digital projects, each with clear criteria."
            ),
            (
                "I reflect on how well my criteria capture the process as well as the product, and refine "
                "them with pupils' input."
            ),
            (
                "I lead the development of shared criteria for digital projects with colleagues, for "
                "example across subjects or with partner schools."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα ψηφιακά χαρτοφυλάκια ή τα σχέδια εργασίας αναδεικνύουν δεξιότητες που τα "
                "διαγωνίσματα δεν αποτυπώνουν, αλλά δεν έχω αξιολογήσει έτσι τους μαθητές."
            ),
            (
                "Έχω δοκιμάσει να αξιολογήσω ένα ψηφιακό δημιούργημα των μαθητών, όπως ένα βίντεο, μια "
                "ηχητική εκπομπή ή μια αφίσα."
            ),
            (
                "Χρησιμοποιώ τακτικά ρουμπρίκες αξιολόγησης, που γνωστοποιώ εκ των προτέρων στους "
                "μαθητές, για να αξιολογώ τα ψηφιακά τους σχέδια εργασίας και χαρτοφυλάκια."
            ),
            (
                "Επιλέγω συνειδητά συνδυασμό αυτοαξιολόγησης, ετεροαξιολόγησης και δικής μου αξιολόγησης "
                "για τα ψηφιακά σχέδια εργασίας, με σαφή κριτήρια για το καθένα."
            ),
            (
                "Αναστοχάζομαι πόσο καλά αποτυπώνουν τα κριτήριά μου τόσο τη διαδικασία όσο και το "
                "αποτέλεσμα και τα βελτιώνω με τη συμβολή των μαθητών."
            ),
            (
                "Συντονίζω την ανάπτυξη κοινών κριτηρίων για ψηφιακά σχέδια εργασίας μαζί με συναδέλφους, "
                "για παράδειγμα ανάμεσα σε μαθήματα ή με σχολεία-εταίρους."
            ),
        ),
    },
    {
        "code": "4.2.1",
        "competence": "4.2",
        "prompt_en": "Analysing data on pupils' learning",
        "prompt_el": "Ανάλυση δεδομένων για τη μάθηση των μαθητών",
        "statements_en": (
            ("I am aware that digital tools record data on pupils' activity and results, but I rarely look at it."),
            ("I have tried looking at the results summary of an online quiz to see which questions pupils found hard."),
            ("I use the data from digital tools regularly to spot pupils who struggle and topics that need more work."),
            (
                "I analyse data from several sources together, such as quizzes, assignments and "
                "participation, before drawing conclusions."
            ),
            (
                "I reflect on the limits of the data I collect, compare it with what I see in class and "
                "improve the way I collect it."
            ),
            (
                "I lead colleagues in using learning data responsibly, for example in joint reviews of "
                "results and in data protection practice."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα ψηφιακά εργαλεία καταγράφουν δεδομένα για τη δραστηριότητα και τα "
                "αποτελέσματα των μαθητών, αλλά σπάνια τα εξετάζω."
            ),
            (
                "Έχω δοκιμάσει να δω τη σύνοψη αποτελεσμάτων ενός διαδικτυακού κουίζ για να διαπιστώσω "
                "ποιες ερωτήσεις δυσκόλεψαν τους μαθητές."
            ),
            (
                "Χρησιμοποιώ τακτικά τα δεδομένα των ψηφιακών εργαλείων για να εντοπίζω μαθητές που "
                "δυσκολεύονται και θέματα που χρειάζονται περισσότερη δουλειά."
            ),
            (
                "Αναλύω μαζί δεδομένα από διάφορες πηγές, όπως κουίζ, εργασίες και συμμετοχή, πριν "
                "καταλήξω σε συμπεράσματα."
            ),
            (
                "Αναστοχάζομαι τα όρια των δεδομένων που συλλέγω, τα διασταυρώνω με όσα βλέπω στην τάξη "
                "και βελτιώνω τον τρόπο συλλογής τους."
            ),
            (
                "Καθοδηγώ συναδέλφους στην υπεύθυνη αξιοποίηση των δεδομένων μάθησης, για παράδειγμα σε "
                "κοινές αναλύσεις αποτελεσμάτων και σε πρακτικές προστασίας δεδομένων."
            ),
        ),
    },
    {
        "code": "4.3.1",
        "competence": "4.3",
        "prompt_en": "Giving feedback and adjusting teaching with digital tools",
        "prompt_el": "Ανατροφοδότηση και προσαρμογή της διδασκαλίας με ψηφιακά εργαλεία",
        "statements_en": (
            (
                "I am aware that feedback can be given digitally, for example as written comments or "
                "voice notes, but I give it only on paper or orally."
            ),
            (
                "I have tried writing comments on pupils' digital work or sending them their quiz results "
                "with a short note."
            ),
            "I use digital comments regularly to give pupils timely, specific feedback that they can act on.",
            (
                "I choose deliberately how to give feedback to each pupil or group, and I use assessment "
                "results to plan the next lessons."
            ),
            (
                "I reflect on whether pupils actually use my feedback and change my approach, for example "
                "by asking them to respond to it."
            ),
            (
                "I initiate new ways of giving digital feedback with colleagues, including feedback to "
                "parents, and share what works."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι η ανατροφοδότηση μπορεί να δοθεί ψηφιακά, για παράδειγμα με γραπτά σχόλια ή "
                "ηχητικά μηνύματα, αλλά τη δίνω μόνο σε χαρτί ή προφορικά."
            ),
            (
                "Έχω δοκιμάσει να γράψω σχόλια σε ψηφιακές εργασίες μαθητών ή να τους στείλω τα "
                "αποτελέσματα ενός κουίζ με ένα σύντομο σημείωμα."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά σχόλια για να δίνω στους μαθητές έγκαιρη και συγκεκριμένη "
                "ανατροφοδότηση που μπορούν να αξιοποιήσουν."
            ),
            (
                "Επιλέγω συνειδητά τον τρόπο ανατροφοδότησης για κάθε μαθητή ή ομάδα και αξιοποιώ τα "
                "αποτελέσματα της αξιολόγησης για να σχεδιάσω τα επόμενα μαθήματα."
            ),
            (
                "Αναστοχάζομαι αν οι μαθητές αξιοποιούν πραγματικά την ανατροφοδότησή μου και αλλάζω "
                "προσέγγιση, για παράδειγμα ζητώντας τους να απαντούν σε αυτήν."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες μαζί με συναδέλφους για νέους τρόπους ψηφιακής ανατροφοδότησης, "
                "και προς τους γονείς, και μοιράζομαι ό,τι αποδίδει."
            ),
        ),
    },
    {
        "code": "5.1.1",
        "competence": "5.1",
        "prompt_en": "Making sure all pupils can take part in digital activities",
        "prompt_el": "Διασφάλιση της συμμετοχής όλων των μαθητών στις ψηφιακές δραστηριότητες",
        "statements_en": (
            (
                "I am aware that some pupils lack a device, a connection or support at home, but I have "
                "not adapted my digital tasks for this."
            ),
            (
                "I have tried offering an alternative, such as a printed version or time on a school "
                "computer, to a pupil without access."
            ),
            (
                "I use tasks regularly that work on phones and slow connections, and I check that every "
                "pupil can access them before setting them."
            ),
            (
                "I choose deliberately tools and task designs that do not exclude pupils because of cost, "
                "equipment or digital skills."
            ),
            (
                "I reflect on who is left out of my digital activities and keep changing my practice so "
                "that all pupils can take part."
            ),
            (
                "I initiate school measures for equal digital access, such as lending devices or "
                "supervised study time at school."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι κάποιοι μαθητές δεν έχουν συσκευή, σύνδεση ή υποστήριξη στο σπίτι, αλλά δεν "
                "έχω προσαρμόσει ακόμη τις ψηφιακές εργασίες μου σε αυτό."
            ),
            (
                "Έχω δοκιμάσει να προσφέρω μια εναλλακτική λύση, όπως έντυπη εκδοχή ή χρόνο σε υπολογιστή "
                "του σχολείου, σε μαθητή χωρίς πρόσβαση."
            ),
            (
                "Χρησιμοποιώ τακτικά εργασίες που λειτουργούν σε κινητά τηλέφωνα και με αργή σύνδεση και "
                "ελέγχω ότι όλοι οι μαθητές έχουν πρόσβαση πριν τις αναθέσω."
            ),
            (
                "Επιλέγω συνειδητά εργαλεία και σχεδιασμό εργασιών που δεν αποκλείουν μαθητές λόγω "
                "κόστους, εξοπλισμού ή ψηφιακών δεξιοτήτων."
            ),
            (
                "Αναστοχάζομαι ποιοι μένουν έξω από τις ψηφιακές μου δραστηριότητες και αλλάζω διαρκώς "
                "την πρακτική μου ώστε να συμμετέχουν όλοι οι μαθητές."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για σχολικά μέτρα ισότιμης ψηφιακής πρόσβασης, όπως τον δανεισμό "
                "συσκευών ή εποπτευόμενο χρόνο μελέτης στο σχολείο."
            ),
        ),
    },
    {
        "code": "5.1.2",
        "competence": "5.1",
        "prompt_en": "Using accessibility features for pupils with disabilities or learning difficulties",
        "prompt_el": "Αξιοποίηση λειτουργιών προσβασιμότητας για μαθητές με αναπηρία ή μαθησιακές δυσκολίες",
        "statements_en": (
            (
                "I am aware that devices offer features such as text-to-speech, captions or "
                "magnification, but I have not used them with pupils."
            ),
            (
                "I have tried an accessibility feature with a pupil who needed it, such as larger text or "
                "a read-aloud tool."
            ),
            (
                "I use accessible formats regularly in my materials, such as readable fonts, captioned "
                "videos and images with descriptions."
            ),
            (
                "I choose deliberately assistive tools and formats together with the pupil, their family "
                "and the special education staff."
            ),
            "I reflect on the barriers that my materials and tools still create and remove them step by step.",
            (
                "I lead accessibility efforts at my school, training colleagues and making shared "
                "materials accessible from the start."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι συσκευές προσφέρουν λειτουργίες όπως μετατροπή κειμένου σε ομιλία, "
                "υπότιτλους ή μεγέθυνση, αλλά δεν τις έχω χρησιμοποιήσει με μαθητές."
            ),
            (
                "Έχω δοκιμάσει μια λειτουργία προσβασιμότητας με μαθητή που τη χρειαζόταν, όπως "
                "μεγαλύτερα γράμματα ή εργαλείο εκφώνησης κειμένου."
            ),
            (
                "Χρησιμοποιώ τακτικά προσβάσιμες μορφές στο υλικό μου, όπως ευανάγνωστες γραμματοσειρές, "
                "βίντεο με υπότιτλους και εικόνες με περιγραφή."
            ),
            (
                "Επιλέγω συνειδητά υποστηρικτικά εργαλεία και μορφές μαζί με τον μαθητή, την οικογένειά "
                "του και τους εκπαιδευτικούς ειδικής αγωγής."
            ),
            (
                "Αναστοχάζομαι τα εμπόδια που εξακολουθούν να δημιουργούν το υλικό και τα εργαλεία μου "
                "και τα αίρω βήμα βήμα."
            ),
            (
                "Ηγούμαι των προσπαθειών για την προσβασιμότητα στο σχολείο μου, επιμορφώνοντας "
                "συναδέλφους και φροντίζοντας το κοινό υλικό να είναι εξαρχής προσβάσιμο."
            ),
        ),
    },
    {
        "code": "5.2.1",
        "competence": "5.2",
        "prompt_en": "Differentiating tasks with digital tools",
        "prompt_el": "Διαφοροποίηση των εργασιών με ψηφιακά εργαλεία",
        "statements_en": (
            (
                "I am aware that digital tools can offer tasks at different levels or paces, but I give "
                "the same task to the whole class."
            ),
            "I have tried giving extra digital exercises to pupils who finish early or need more practice.",
            (
                "I use digital tools regularly to offer tasks at different levels and to let pupils work "
                "at their own pace."
            ),
            (
                "I choose deliberately different paths, resources or formats for different pupils, based "
                "on what I know about their needs and interests."
            ),
            (
                "I reflect on whether my differentiated activities really help each pupil progress and "
                "adjust the paths I offer."
            ),
            (
                "I initiate personalised learning designs with digital tools and help colleagues build "
                "such designs for their subjects."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα ψηφιακά εργαλεία μπορούν να προσφέρουν εργασίες σε διαφορετικά επίπεδα ή "
                "ρυθμούς, αλλά δίνω την ίδια εργασία σε όλη την τάξη."
            ),
            (
                "Έχω δοκιμάσει να δώσω επιπλέον ψηφιακές ασκήσεις σε μαθητές που τελειώνουν νωρίτερα ή "
                "χρειάζονται περισσότερη εξάσκηση."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά εργαλεία για να προσφέρω εργασίες διαφορετικών επιπέδων και "
                "να αφήνω τους μαθητές να δουλεύουν με τον δικό τους ρυθμό."
            ),
            (
                "Επιλέγω συνειδητά διαφορετικές διαδρομές, πόρους ή μορφές για διαφορετικούς μαθητές, με "
                "βάση όσα γνωρίζω για τις ανάγκες και τα ενδιαφέροντά τους."
            ),
            (
                "Αναστοχάζομαι αν οι διαφοροποιημένες δραστηριότητές μου βοηθούν πραγματικά κάθε μαθητή "
                "να προοδεύσει και προσαρμόζω τις διαδρομές που προσφέρω."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για εξατομικευμένους μαθησιακούς σχεδιασμούς με ψηφιακά εργαλεία "
                "και βοηθώ συναδέλφους να τους αναπτύξουν για τα δικά τους μαθήματα."
            ),
        ),
    },
    {
        "code": "5.3.1",
        "competence": "5.3",
        "prompt_en": "Engaging pupils actively with digital technologies",
        "prompt_el": "Ενεργός εμπλοκή των μαθητών με ψηφιακές τεχνολογίες",
        "statements_en": (
            (
                "I am aware that digital tools can make pupils active participants, but in my lessons "
                "they mostly watch and listen."
            ),
            (
                "I have tried interactive activities such as live polls, digital games or virtual tours "
                "to motivate my pupils."
            ),
            (
                "I use interactive digital activities regularly in which pupils explore, experiment or "
                "answer questions themselves."
            ),
            (
                "I choose deliberately digital activities that make pupils think, such as simulations or "
                "investigations, rather than just click through content."
            ),
            (
                "I reflect on how engaged my pupils really are during digital activities and redesign "
                "those that merely entertain."
            ),
            (
                "I initiate innovative approaches, such as pupils designing games or working in virtual "
                "labs, and share them with colleagues."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι τα ψηφιακά εργαλεία μπορούν να κάνουν τους μαθητές ενεργούς συμμετέχοντες, "
                "αλλά στα μαθήματά μου κυρίως παρακολουθούν και ακούν."
            ),
            (
                "Έχω δοκιμάσει διαδραστικές δραστηριότητες, όπως ζωντανές ψηφοφορίες, ψηφιακά παιχνίδια ή "
                "εικονικές περιηγήσεις, για να κινητοποιήσω τους μαθητές μου."
            ),
            (
                "Χρησιμοποιώ τακτικά διαδραστικές ψηφιακές δραστηριότητες στις οποίες οι μαθητές "
                "εξερευνούν, πειραματίζονται ή απαντούν οι ίδιοι σε ερωτήματα."
            ),
            (
                "Επιλέγω συνειδητά ψηφιακές δραστηριότητες που βάζουν τους μαθητές να σκεφτούν, όπως "
                "προσομοιώσεις ή διερευνήσεις, και όχι απλώς να ξεφυλλίζουν περιεχόμενο."
            ),
            (
                "Αναστοχάζομαι πόσο πραγματικά εμπλέκονται οι μαθητές μου στις ψηφιακές δραστηριότητες "
                "και ανασχεδιάζω όσες απλώς τους διασκεδάζουν."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για καινοτόμες προσεγγίσεις, όπως τον σχεδιασμό παιχνιδιών από "
                "τους μαθητές ή τα εικονικά εργαστήρια, και τις μοιράζομαι με συναδέλφους."
            ),
        ),
    },
    {
        "code": "5.3.2",
        "competence": "5.3",
        "prompt_en": "Using digital technologies for real-world tasks and problems",
        "prompt_el": "Αξιοποίηση ψηφιακών τεχνολογιών σε αυθεντικές εργασίες και πραγματικά προβλήματα",
        "statements_en": (
            (
                "I am aware that pupils can use technology to work on real problems in their school or "
                "community, but I have not tried it."
            ),
            (
                "I have tried a small activity in which pupils collected real data with a digital tool, "
                "for example a survey or measurements."
            ),
            (
                "I use digital tools regularly in projects where pupils study real issues, such as "
                "recycling at school or local history."
            ),
            (
                "I choose deliberately real problems and digital tools that let pupils investigate, "
                "decide and present solutions to a real audience."
            ),
            (
                "I reflect on how authentic and meaningful my projects are for pupils, and I involve them "
                "in choosing the next topics."
            ),
            (
                "I initiate projects with local partners or other schools in which pupils use technology "
                "to make a real difference."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές μπορούν να χρησιμοποιούν την τεχνολογία για να ασχοληθούν με "
                "πραγματικά προβλήματα του σχολείου ή της γειτονιάς τους, αλλά δεν το έχω δοκιμάσει."
            ),
            (
                "Έχω δοκιμάσει μια μικρή δραστηριότητα όπου οι μαθητές συνέλεξαν πραγματικά δεδομένα με "
                "ψηφιακό εργαλείο, για παράδειγμα με μια έρευνα ή με μετρήσεις."
            ),
            (
                "Χρησιμοποιώ τακτικά ψηφιακά εργαλεία σε σχέδια εργασίας όπου οι μαθητές μελετούν "
                "πραγματικά ζητήματα, όπως η ανακύκλωση στο σχολείο ή η τοπική ιστορία."
            ),
            (
                "Επιλέγω συνειδητά πραγματικά προβλήματα και ψηφιακά εργαλεία που επιτρέπουν στους "
                "μαθητές να διερευνούν, να αποφασίζουν και να παρουσιάζουν λύσεις σε πραγματικό κοινό."
            ),
            (
                "Αναστοχάζομαι πόσο αυθεντικά και ουσιαστικά είναι τα σχέδια εργασίας μου για τους "
                "μαθητές και τους εμπλέκω στην επιλογή των επόμενων θεμάτων."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για σχέδια με τοπικούς φορείς ή άλλα σχολεία, όπου οι μαθητές "
                "χρησιμοποιούν την τεχνολογία για να κάνουν μια πραγματική διαφορά."
            ),
        ),
    },
    {
        "code": "6.1.1",
        "competence": "6.1",
        "prompt_en": "Teaching pupils to search for and evaluate information and media",
        "prompt_el": "Διδασκαλία της αναζήτησης και της κριτικής αξιολόγησης πληροφοριών και μέσων",
        "statements_en": (
            (
                "I am aware that pupils need help to search well and to spot false information, but I "
                "have not taught this explicitly."
            ),
            ("I have tried reminding pupils to check their sources when they search the internet for an assignment."),
            (
                "I use activities regularly in which pupils compare sources, check facts and recognise "
                "advertising or manipulated images."
            ),
            (
                "I choose deliberately examples and tasks from my subject that train pupils to ask who "
                "made a message, how and why."
            ),
            (
                "I reflect on how well pupils apply these skills outside class and update my activities "
                "as new media and new tricks appear."
            ),
            (
                "I initiate media literacy projects or events at my school, such as a fact-checking club "
                "or a school news team."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές χρειάζονται βοήθεια για να αναζητούν σωστά και να εντοπίζουν "
                "ψευδείς πληροφορίες, αλλά δεν το έχω διδάξει ρητά."
            ),
            (
                "Έχω δοκιμάσει να υπενθυμίζω στους μαθητές να ελέγχουν τις πηγές τους όταν αναζητούν "
                "πληροφορίες στο διαδίκτυο για μια εργασία."
            ),
            (
                "Χρησιμοποιώ τακτικά δραστηριότητες στις οποίες οι μαθητές συγκρίνουν πηγές, επαληθεύουν "
                "γεγονότα και αναγνωρίζουν διαφημίσεις ή παραποιημένες εικόνες."
            ),
            (
                "Επιλέγω συνειδητά παραδείγματα και εργασίες από το μάθημά μου που ασκούν τους μαθητές να "
                "αναρωτιούνται ποιος δημιούργησε ένα μήνυμα, πώς και γιατί."
            ),
            (
                "Αναστοχάζομαι πόσο εφαρμόζουν οι μαθητές αυτές τις δεξιότητες έξω από την τάξη και "
                "επικαιροποιώ τις δραστηριότητές μου καθώς εμφανίζονται νέα μέσα και νέα τεχνάσματα."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για δράσεις γραμματισμού στα μέσα στο σχολείο μου, όπως μια "
                "ομάδα επαλήθευσης ειδήσεων ή μια σχολική δημοσιογραφική ομάδα."
            ),
        ),
    },
    {
        "code": "6.2.1",
        "competence": "6.2",
        "prompt_en": "Teaching pupils to communicate and collaborate online",
        "prompt_el": "Διδασκαλία της διαδικτυακής επικοινωνίας και συνεργασίας στους μαθητές",
        "statements_en": (
            (
                "I am aware that pupils need to learn how to communicate and work together online, but I "
                "leave this to them."
            ),
            "I have tried agreeing a few rules with pupils for online discussions or shared documents.",
            (
                "I use tasks regularly in which pupils communicate and collaborate online, and I teach "
                "them to write politely and clearly."
            ),
            (
                "I choose deliberately tools and tasks that teach pupils to share work, comment "
                "constructively and settle disagreements online."
            ),
            (
                "I reflect on how my pupils behave and cooperate in online spaces and discuss problems "
                "with the class as soon as they arise."
            ),
            (
                "I initiate opportunities for my pupils to communicate and collaborate with pupils across "
                "Europe, and I help colleagues do the same."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές πρέπει να μάθουν να επικοινωνούν και να συνεργάζονται "
                "διαδικτυακά, αλλά το αφήνω στους ίδιους."
            ),
            (
                "Έχω δοκιμάσει να συμφωνήσω με τους μαθητές μερικούς κανόνες για τις διαδικτυακές "
                "συζητήσεις ή τα κοινόχρηστα έγγραφα."
            ),
            (
                "Χρησιμοποιώ τακτικά εργασίες στις οποίες οι μαθητές επικοινωνούν και συνεργάζονται "
                "διαδικτυακά και τους διδάσκω να γράφουν με ευγένεια και σαφήνεια."
            ),
            (
                "Επιλέγω συνειδητά εργαλεία και εργασίες που μαθαίνουν στους μαθητές να μοιράζονται τη "
                "δουλειά τους, να σχολιάζουν εποικοδομητικά και να επιλύουν διαφωνίες διαδικτυακά."
            ),
            (
                "Αναστοχάζομαι πώς συμπεριφέρονται και συνεργάζονται οι μαθητές μου σε διαδικτυακούς "
                "χώρους και συζητώ τα προβλήματα με την τάξη μόλις εμφανιστούν."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες ώστε οι μαθητές μου να επικοινωνούν και να συνεργάζονται με "
                "μαθητές από όλη την Ευρώπη και βοηθώ συναδέλφους να κάνουν το ίδιο."
            ),
        ),
    },
    {
        "code": "6.3.1",
        "competence": "6.3",
        "prompt_en": "Pupils creating digital content",
        "prompt_el": "Δημιουργία ψηφιακού περιεχομένου από τους μαθητές",
        "statements_en": (
            (
                "I am aware that pupils can show their learning by creating digital content, but the "
                "tasks I set are mostly on paper."
            ),
            (
                "I have tried an assignment in which pupils made a digital product, such as a "
                "presentation, a comic strip or a short video."
            ),
            (
                "I use assignments regularly in which pupils create digital content, such as blogs, "
                "podcasts or videos, to express what they learn."
            ),
            (
                "I choose deliberately creation tasks that fit the learning goal, and I teach pupils to "
                "plan, draft and improve their work."
            ),
            (
                "I reflect on the quality of the content my pupils create and build up their skills step "
                "by step from one task to the next."
            ),
            (
                "I initiate projects in which pupils publish digital content for a real audience, such as "
                "the school website, an exhibition or partner schools."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές μπορούν να δείξουν τι έμαθαν δημιουργώντας ψηφιακό περιεχόμενο, "
                "αλλά οι εργασίες που αναθέτω είναι κυρίως σε χαρτί."
            ),
            (
                "Έχω δοκιμάσει μια εργασία στην οποία οι μαθητές έφτιαξαν ένα ψηφιακό δημιούργημα, όπως "
                "μια παρουσίαση, ένα κόμικ ή ένα σύντομο βίντεο."
            ),
            (
                "Χρησιμοποιώ τακτικά εργασίες στις οποίες οι μαθητές δημιουργούν ψηφιακό περιεχόμενο, "
                "όπως ιστολόγια, ηχητικές εκπομπές ή βίντεο, για να εκφράσουν όσα μαθαίνουν."
            ),
            (
                "Επιλέγω συνειδητά εργασίες δημιουργίας που ταιριάζουν στον μαθησιακό στόχο και διδάσκω "
                "στους μαθητές να σχεδιάζουν, να κάνουν προσχέδια και να βελτιώνουν τη δουλειά τους."
            ),
            (
                "Αναστοχάζομαι την ποιότητα του περιεχομένου που δημιουργούν οι μαθητές μου και χτίζω "
                "σταδιακά τις δεξιότητές τους από εργασία σε εργασία."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για έργα στα οποία οι μαθητές δημοσιεύουν ψηφιακό περιεχόμενο "
                "για πραγματικό κοινό, όπως στον ιστότοπο του σχολείου, σε έκθεση ή σε σχολεία-εταίρους."
            ),
        ),
    },
    {
        "code": "6.3.2",
        "competence": "6.3",
        "prompt_en": "Teaching pupils to respect copyright and credit sources in what they create",
        "prompt_el": (
            "Διδασκαλία του σεβασμού των πνευματικών δικαιωμάτων και της αναφοράς πηγών στα δημιουργήματα των μαθητών"
        ),
        "statements_en": (
            (
                "I am aware that pupils often reuse images and music they find online without permission, "
                "but I have not addressed this."
            ),
            "I have tried asking pupils to note where the images and texts in their projects come from.",
            (
                "I use openly licensed media collections regularly with pupils and expect them to credit "
                "every source they reuse."
            ),
            (
                "I choose deliberately examples that show pupils the difference between copying, quoting "
                "and remixing under an open licence."
            ),
            (
                "I reflect on how well pupils respect others' work and license their own, and I "
                "strengthen my teaching where needed."
            ),
            (
                "I initiate school-wide practice on copyright and open licences for pupils' work, and I "
                "support colleagues in teaching it."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές συχνά χρησιμοποιούν εικόνες και μουσική που βρίσκουν στο "
                "διαδίκτυο χωρίς άδεια, αλλά δεν έχω ασχοληθεί με το θέμα."
            ),
            (
                "Έχω δοκιμάσει να ζητήσω από τους μαθητές να σημειώνουν από πού προέρχονται οι εικόνες "
                "και τα κείμενα των εργασιών τους."
            ),
            (
                "Χρησιμοποιώ τακτικά με τους μαθητές συλλογές πολυμέσων με ανοιχτές άδειες και ζητώ να "
                "αναφέρουν κάθε πηγή που αξιοποιούν."
            ),
            (
                "Επιλέγω συνειδητά παραδείγματα που δείχνουν στους μαθητές τη διαφορά ανάμεσα στην "
                "αντιγραφή, την παράθεση και την αναδημιουργία υλικού με ανοιχτή άδεια."
            ),
            (
                "Αναστοχάζομαι πόσο σέβονται οι μαθητές τη δουλειά των άλλων και πώς επιλέγουν άδειες για "
                "τη δική τους και ενισχύω τη διδασκαλία μου όπου χρειάζεται."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για κοινές πρακτικές του σχολείου σχετικά με τα πνευματικά "
                "δικαιώματα και τις ανοιχτές άδειες στις εργασίες των μαθητών και στηρίζω συναδέλφους να "
                "τις διδάσκουν."
            ),
        ),
    },
    {
        "code": "6.4.1",
        "competence": "6.4",
        "prompt_en": "Teaching pupils to use technology safely and responsibly",
        "prompt_el": "Διδασκαλία της ασφαλούς και υπεύθυνης χρήσης της τεχνολογίας",
        "statements_en": (
            (
                "I am aware of the risks pupils face online, such as cyberbullying or oversharing "
                "personal data, but I leave this topic to others."
            ),
            "I have tried discussing online safety with my class, for example on Safer Internet Day.",
            (
                "I use everyday situations regularly to teach pupils about privacy, screen time, "
                "passwords and respect for others online."
            ),
            (
                "I choose deliberately activities on online safety and well-being that suit my pupils' "
                "age and the apps they actually use."
            ),
            (
                "I reflect on incidents and on my pupils' online habits, and adjust my teaching and our "
                "class agreements accordingly."
            ),
            (
                "I lead my school's work on digital well-being, for example its policy on safe internet "
                "use and activities with parents."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω τους κινδύνους που αντιμετωπίζουν οι μαθητές στο διαδίκτυο, όπως ο διαδικτυακός "
                "εκφοβισμός ή η άσκεπτη κοινοποίηση προσωπικών δεδομένων, αλλά αφήνω το θέμα σε άλλους."
            ),
            (
                "Έχω δοκιμάσει να συζητήσω με την τάξη μου για την ασφάλεια στο διαδίκτυο, για παράδειγμα "
                "με αφορμή την Ημέρα Ασφαλούς Διαδικτύου."
            ),
            (
                "Χρησιμοποιώ τακτικά καθημερινές καταστάσεις για να διδάσκω στους μαθητές την "
                "ιδιωτικότητα, τον χρόνο μπροστά στην οθόνη, τους κωδικούς πρόσβασης και τον σεβασμό προς "
                "τους άλλους στο διαδίκτυο."
            ),
            (
                "Επιλέγω συνειδητά δραστηριότητες για την ασφάλεια και την ευημερία στο διαδίκτυο που "
                "ταιριάζουν στην ηλικία των μαθητών μου και στις εφαρμογές που πραγματικά χρησιμοποιούν."
            ),
            (
                "Αναστοχάζομαι τα περιστατικά και τις διαδικτυακές συνήθειες των μαθητών μου και "
                "προσαρμόζω ανάλογα τη διδασκαλία μου και τις συμφωνίες της τάξης."
            ),
            (
                "Ηγούμαι των δράσεων του σχολείου μου για την ψηφιακή ευημερία, για παράδειγμα στην "
                "πολιτική ασφαλούς χρήσης του διαδικτύου και σε δραστηριότητες με τους γονείς."
            ),
        ),
    },
    {
        "code": "6.5.1",
        "competence": "6.5",
        "prompt_en": "Helping pupils solve technical problems and think computationally",
        "prompt_el": "Στήριξη των μαθητών στην επίλυση τεχνικών προβλημάτων και στην υπολογιστική σκέψη",
        "statements_en": (
            (
                "I am aware that pupils can learn to solve technical problems themselves, but I usually "
                "fix things for them."
            ),
            ("I have tried encouraging pupils to find a solution themselves when a device or an app does not work."),
            (
                "I use activities regularly, such as simple coding or step-by-step troubleshooting, in "
                "which pupils break down and solve problems with technology."
            ),
            (
                "I choose deliberately tasks that ask pupils to pick the right digital tool for a problem "
                "and to test their own solutions."
            ),
            (
                "I reflect on how confidently my pupils deal with new technologies and give them more "
                "open problems as they grow."
            ),
            (
                "I initiate activities such as robotics clubs, coding events or pupil help desks, and I "
                "involve colleagues in them."
            ),
        ),
        "statements_el": (
            (
                "Γνωρίζω ότι οι μαθητές μπορούν να μάθουν να λύνουν μόνοι τους τεχνικά προβλήματα, αλλά "
                "συνήθως τα λύνω εγώ για λογαριασμό τους."
            ),
            (
                "Έχω δοκιμάσει να ενθαρρύνω τους μαθητές να βρουν μόνοι τους λύση όταν μια συσκευή ή μια "
                "εφαρμογή δεν λειτουργεί."
            ),
            (
                "Χρησιμοποιώ τακτικά δραστηριότητες, όπως απλό προγραμματισμό ή αντιμετώπιση βλαβών βήμα "
                "βήμα, στις οποίες οι μαθητές αναλύουν και επιλύουν προβλήματα με την τεχνολογία."
            ),
            (
                "Επιλέγω συνειδητά εργασίες που ζητούν από τους μαθητές να διαλέξουν το κατάλληλο ψηφιακό "
                "εργαλείο για ένα πρόβλημα και να δοκιμάζουν τις δικές τους λύσεις."
            ),
            (
                "Αναστοχάζομαι πόση αυτοπεποίθηση δείχνουν οι μαθητές μου απέναντι σε νέες τεχνολογίες "
                "και τους δίνω πιο ανοιχτά προβλήματα καθώς εξελίσσονται."
            ),
            (
                "Αναλαμβάνω πρωτοβουλίες για δράσεις όπως ομίλους ρομποτικής, εκδηλώσεις προγραμματισμού "
                "ή ομάδες μαθητών που βοηθούν σε τεχνικά θέματα και εμπλέκω συναδέλφους σε αυτές."
            ),
        ),
    },
]

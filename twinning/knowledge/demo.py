"""The demo's help articles (``manage.py load_demo``): eight published articles for every country, in English
and Greek, written through the service by the demo's CSS staff member. Done once."""

from __future__ import annotations

from twinning.core.demo import register_demo

# slug, category, (English title, summary, text), (Greek title, summary, text)
ARTICLES = [
    (
        "how-to-join-etwinning",
        "account",
        (
            "How do I join eTwinning?",
            "Sign up with your e-mail address, choose your school and wait for your NSO to validate you.",
            "<p>Choose <strong>Sign up</strong> at the top of any page and give your name and an e-mail address "
            "you read. Confirm the address from the message we send you, then fill in your profile: the subjects "
            "you teach and your school. If your school is not in the list, propose it: your National Support "
            "Organisation (NSO) adds it.</p><p>Your NSO then checks that you work at a school and validates your "
            "account, usually within a week. Until then you can browse, but you cannot start projects.</p>",
        ),
        (
            "Πώς εγγράφομαι στο eTwinning;",
            "Εγγραφείτε με τη διεύθυνση e-mail σας, επιλέξτε το σχολείο σας και περιμένετε την επικύρωση από την ΕΥΕ.",
            "<p>Επιλέξτε <strong>Εγγραφή</strong> στο πάνω μέρος οποιασδήποτε σελίδας και δώστε το όνομά σας και "
            "μια διεύθυνση e-mail που διαβάζετε. Επιβεβαιώστε τη διεύθυνση από το μήνυμα που θα λάβετε και "
            "συμπληρώστε το προφίλ σας: τα μαθήματα που διδάσκετε και το σχολείο σας. Αν το σχολείο σας δεν "
            "υπάρχει στη λίστα, προτείνετέ το και θα το προσθέσει η Εθνική Υπηρεσία Υποστήριξης (ΕΥΥ).</p>"
            "<p>Η ΕΥΥ ελέγχει ότι εργάζεστε σε σχολείο και επικυρώνει τον λογαριασμό σας, συνήθως μέσα σε μια "
            "εβδομάδα. Ως τότε μπορείτε να περιηγηθείτε, αλλά όχι να ξεκινήσετε έργα.</p>",
        ),
    ),
    (
        "why-is-my-validation-taking-long",
        "account",
        (
            "Why has my account not been validated yet?",
            "What your NSO checks, how long it usually takes and what speeds it up.",
            "<p>Your NSO validates teachers by hand: it checks that your school exists and that you work there. "
            "It goes faster when your profile names your school and you signed up with your school e-mail "
            "address (for example one ending in sch.gr in Greece).</p><p>Your profile page shows the typical "
            "waiting time in your country. If it has passed, write to your NSO through the helpdesk and say "
            "which school you work at.</p>",
        ),
        (
            "Γιατί δεν έχει επικυρωθεί ακόμη ο λογαριασμός μου;",
            "Τι ελέγχει η ΕΥΥ, πόσο διαρκεί συνήθως και τι βοηθά να γίνει πιο γρήγορα.",
            "<p>Η ΕΥΥ επικυρώνει τους εκπαιδευτικούς έναν έναν: ελέγχει ότι το σχολείο σας υπάρχει και ότι "
            "εργάζεστε εκεί. Η επικύρωση γίνεται πιο γρήγορα όταν το προφίλ σας αναφέρει το σχολείο σας και "
            "έχετε εγγραφεί με τη σχολική σας διεύθυνση e-mail (π.χ. μια διεύθυνση στο sch.gr).</p><p>Η σελίδα "
            "του προφίλ σας δείχνει τον συνήθη χρόνο αναμονής στη χώρα σας. Αν έχει περάσει, γράψτε στην ΕΥΥ "
            "μέσω της υποστήριξης και αναφέρετε σε ποιο σχολείο εργάζεστε.</p>",
        ),
    ),
    (
        "finding-partners",
        "projects",
        (
            "How do I find partners for a project?",
            "Publish a partner-finding post or search for teachers who share your subjects and pupils' ages.",
            "<p>Open <strong>Partners</strong> and publish a short post: your project idea, the subjects, your "
            "pupils' ages and the languages you can work in. Other teachers answer you by message.</p><p>You can "
            "also search the posts of others and the teachers whose profiles match your subjects, or look at the "
            "suggestions the platform makes from your profile. Agree on the plan before one of you creates the "
            "project.</p>",
        ),
        (
            "Πώς βρίσκω συνεργάτες για ένα έργο;",
            "Δημοσιεύστε μια αναζήτηση συνεργατών ή αναζητήστε εκπαιδευτικούς με τα ίδια μαθήματα και ηλικίες μαθητών.",
            "<p>Ανοίξτε τους <strong>Συνεργάτες</strong> και δημοσιεύστε μια σύντομη ανάρτηση: την ιδέα του "
            "έργου, τα μαθήματα, τις ηλικίες των μαθητών σας και τις γλώσσες στις οποίες μπορείτε να "
            "εργαστείτε. Οι άλλοι εκπαιδευτικοί σας απαντούν με μήνυμα.</p><p>Μπορείτε επίσης να αναζητήσετε "
            "αναρτήσεις άλλων και εκπαιδευτικούς με προφίλ που ταιριάζουν στα μαθήματά σας ή να δείτε τις "
            "προτάσεις της πλατφόρμας. Συμφωνήστε το σχέδιο πριν δημιουργήσει κάποιος από εσάς το έργο.</p>",
        ),
    ),
    (
        "twinspace-first-steps",
        "technical",
        (
            "TwinSpace: first steps in your project's workspace",
            "Pages, materials, forums and the pupils' walls: how to set up the workspace of a new project.",
            "<p>Once your NSO approves the project, its <strong>TwinSpace</strong> opens. Start with a welcome "
            "page that explains the plan, then add one page per activity. Upload materials (pictures, documents) "
            "with a description and who may reuse them.</p><p>Invite your partners' teachers as members and "
            "add your pupils: they see only this project's space. Use the forums for discussions between "
            "schools and the walls for the pupils' own work.</p>",
        ),
        (
            "TwinSpace: πρώτα βήματα στον χώρο εργασίας του έργου",
            "Σελίδες, υλικό, φόρουμ και τοίχοι μαθητών: πώς οργανώνετε τον χώρο εργασίας ενός νέου έργου.",
            "<p>Μόλις η ΕΥΥ εγκρίνει το έργο, ανοίγει το <strong>TwinSpace</strong> του. Ξεκινήστε με μια "
            "σελίδα καλωσορίσματος που εξηγεί το σχέδιο και προσθέστε μία σελίδα για κάθε δραστηριότητα. "
            "Ανεβάστε υλικό (εικόνες, έγγραφα) με περιγραφή και με το ποιος μπορεί να το ξαναχρησιμοποιήσει.</p>"
            "<p>Προσκαλέστε ως μέλη τους εκπαιδευτικούς των συνεργατών σας και προσθέστε τους μαθητές σας: "
            "βλέπουν μόνο τον χώρο αυτού του έργου. Χρησιμοποιήστε τα φόρουμ για τις συζητήσεις μεταξύ των "
            "σχολείων και τους τοίχους για τις εργασίες των μαθητών.</p>",
        ),
    ),
    (
        "pupils-accounts",
        "technical",
        (
            "How do my pupils log in?",
            "Create your pupils' accounts in the TwinSpace and give each one their sign-in details.",
            "<p>Pupils do not sign up themselves. In your project's TwinSpace choose <strong>Pupils</strong> and "
            "add them: the platform makes a username and a password for each one, which you print or hand out. "
            "They sign in on the pupils' sign-in page.</p><p>Pupils under the age of digital consent in your "
            "country need a parent's or guardian's consent first. If a pupil forgets the password, you make a "
            "new one from the same page.</p>",
        ),
        (
            "Πώς συνδέονται οι μαθητές μου;",
            "Δημιουργήστε τους λογαριασμούς των μαθητών στο TwinSpace και δώστε στον καθένα τα στοιχεία σύνδεσής του.",
            "<p>Οι μαθητές δεν εγγράφονται μόνοι τους. Στο TwinSpace του έργου σας επιλέξτε "
            "<strong>Μαθητές</strong> και προσθέστε τους: η πλατφόρμα δημιουργεί όνομα χρήστη και κωδικό "
            "πρόσβασης για τον καθένα, που τα εκτυπώνετε ή τα μοιράζετε. Συνδέονται από τη σελίδα σύνδεσης "
            "μαθητών.</p><p>Οι μαθητές κάτω από την ηλικία ψηφιακής συναίνεσης της χώρας σας χρειάζονται πρώτα "
            "τη συγκατάθεση γονέα ή κηδεμόνα. Αν ένας μαθητής ξεχάσει τον κωδικό του, δημιουργείτε νέο από την "
            "ίδια σελίδα.</p>",
        ),
    ),
    (
        "quality-labels",
        "labels",
        (
            "How do I apply for a National Quality Label?",
            "When to apply, what the evaluators look at, and how to show your project at its best.",
            "<p>When your project has ended (or has run long enough to show results), apply for the National "
            "Quality Label from the project's page during your NSO's call. Describe the pedagogical innovation, "
            "the collaboration between schools, the use of technology and the results for your pupils.</p>"
            "<p>Evaluators read the TwinSpace: keep it tidy, show the pupils' work and how the schools worked "
            "together. Projects with National Quality Labels in two countries or more get the European Quality "
            "Label.</p>",
        ),
        (
            "Πώς κάνω αίτηση για Εθνική Ετικέτα Ποιότητας;",
            "Πότε υποβάλλετε αίτηση, τι εξετάζουν οι αξιολογητές και πώς αναδεικνύετε το έργο σας.",
            "<p>Όταν το έργο σας ολοκληρωθεί (ή έχει προχωρήσει αρκετά ώστε να φαίνονται αποτελέσματα), "
            "υποβάλετε αίτηση για Εθνική Ετικέτα Ποιότητας από τη σελίδα του έργου, κατά την πρόσκληση της ΕΥΥ. "
            "Περιγράψτε την παιδαγωγική καινοτομία, τη συνεργασία των σχολείων, τη χρήση της τεχνολογίας και τα "
            "αποτελέσματα για τους μαθητές σας.</p><p>Οι αξιολογητές διαβάζουν το TwinSpace: κρατήστε το "
            "οργανωμένο και δείξτε τις εργασίες των μαθητών και τη συνεργασία των σχολείων. Τα έργα με Εθνική "
            "Ετικέτα Ποιότητας σε δύο ή περισσότερες χώρες λαμβάνουν την Ευρωπαϊκή Ετικέτα Ποιότητας.</p>",
        ),
    ),
    (
        "online-courses",
        "courses",
        (
            "Online courses and certificates",
            "How to enrol in a course, complete its activities and download your certificate.",
            "<p>Open <strong>Learning</strong> to see the courses and their next cycles. Enrol before the "
            "cycle starts; each course lists its activities and the hours it is worth.</p><p>When you have "
            "completed every required activity, your certificate is issued automatically. Download it as a PDF "
            "from your certificates page; anyone can check it with the code printed on it.</p>",
        ),
        (
            "Διαδικτυακά μαθήματα και βεβαιώσεις",
            "Πώς εγγράφεστε σε ένα μάθημα, ολοκληρώνετε τις δραστηριότητές του και κατεβάζετε τη βεβαίωσή σας.",
            "<p>Ανοίξτε τη <strong>Μάθηση</strong> για να δείτε τα μαθήματα και τους επόμενους κύκλους τους. "
            "Εγγραφείτε πριν ξεκινήσει ο κύκλος· κάθε μάθημα αναφέρει τις δραστηριότητές του και τις ώρες που "
            "αντιστοιχούν.</p><p>Όταν ολοκληρώσετε όλες τις υποχρεωτικές δραστηριότητες, η βεβαίωσή σας "
            "εκδίδεται αυτόματα. Κατεβάστε την ως PDF από τη σελίδα των βεβαιώσεών σας· οποιοσδήποτε μπορεί να "
            "την ελέγξει με τον κωδικό που είναι τυπωμένος πάνω της.</p>",
        ),
    ),
    (
        "reset-your-password",
        "account",
        (
            "I forgot my password",
            "Reset your password from the login page with the e-mail address of your account.",
            "<p>On the login page choose <strong>Forgot your password?</strong> and give the e-mail address of "
            "your account. We send you a link that works for a short time: open it and choose a new password.</p>"
            "<p>No message? Look in your spam folder, and check that you typed the address you signed up with. "
            "Staff who use an authenticator app still need it after the reset.</p>",
        ),
        (
            "Ξέχασα τον κωδικό πρόσβασής μου",
            "Ορίστε νέο κωδικό από τη σελίδα σύνδεσης με τη διεύθυνση e-mail του λογαριασμού σας.",
            "<p>Στη σελίδα σύνδεσης επιλέξτε <strong>Ξεχάσατε τον κωδικό σας;</strong> και δώστε τη διεύθυνση "
            "e-mail του λογαριασμού σας. Θα λάβετε έναν σύνδεσμο που ισχύει για λίγη ώρα: ανοίξτε τον και "
            "ορίστε νέο κωδικό πρόσβασης.</p><p>Δεν ήρθε μήνυμα; Κοιτάξτε στον φάκελο ανεπιθύμητης "
            "αλληλογραφίας και ελέγξτε ότι γράψατε τη διεύθυνση με την οποία εγγραφήκατε. Τα μέλη του "
            "προσωπικού που χρησιμοποιούν εφαρμογή ταυτοποίησης τη χρειάζονται και μετά την αλλαγή.</p>",
        ),
    ),
]


def load_knowledge() -> list[tuple[str, str]]:
    from django.db.models import Q

    from twinning.accounts.models import User
    from twinning.staff.models import StaffRole

    from . import services
    from .models import Article, Category

    if Article.objects.exists():
        return []
    author = (
        User.objects.filter(Q(staff_roles__kind=StaffRole.Kind.CSS) | Q(is_superuser=True), is_active=True)
        .order_by("pk")
        .first()
    )
    categories = {c.key: c for c in Category.objects.all()}
    if author is None or not categories:
        return []
    for slug, key, (title_en, summary_en, body_en), (title_el, summary_el, body_el) in ARTICLES:
        services.article_save(
            by=author, category=categories.get(key) or categories["other"], country=None, slug=slug,
            title_en=title_en, summary_en=summary_en, body_en=body_en,
            title_el=title_el, summary_el=summary_el, body_el=body_el, publish=True,
        )  # fmt: skip
    return []


register_demo("knowledge", load_knowledge, position=88)

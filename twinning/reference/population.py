"""The countries of the synthetic population (``core.population``): names, places and targets per scale.

This generator runs first (position 10). It makes sure the participating countries and the 13 Greek
regions exist (preferring the rows the reference data loaded), plans how many teachers and schools each
country gets at the run's scale, and leaves that plan in ``run.shared`` (``country_plan(run)``) for the
schools and people generators above it. It creates no generated rows of its own, so it has no reset.

The name lists and school-name patterns live here because they are per language area, like the towns:
the schools and accounts generators pick from them.

- ``greece``: 50,000 Greek teachers and 15,000 Greek schools over the 13 regions, plus 5,000 teachers
  (1,500 schools) in partner countries;
- ``europe``: 1,800,000 teachers and 500,000 schools over all participating countries, weighted
  roughly by each country's eTwinning community (Greece keeps 50,000 / 15,000);
- ``tiny``: a few hundred rows, for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from twinning.core.population import Run, apportion, cumulative, register_population

from .models import Country, EducationDirectorate, EducationLevel, ProgrammeType, Region

# --- Names and places, per language area ---------------------------------------------------------

# fmt: off


def _words(text: str) -> list[str]:
    return text.split()


# Greek: first names by gender, surnames as (male, female) forms.
GREEK_MALE = _words(
    "Γιώργος Δημήτρης Κωνσταντίνος Γιάννης Νίκος Παναγιώτης Βασίλης Χρήστος Αθανάσιος Μιχάλης Ευάγγελος "
    "Σπύρος Αντώνης Ανδρέας Ηλίας Θεόδωρος Σταύρος Αλέξανδρος Εμμανουήλ Πέτρος Στέφανος Χαράλαμπος "
    "Αναστάσιος Απόστολος Θανάσης Λευτέρης Μάρκος Φώτης Άγγελος Κυριάκος Παύλος Στέλιος Τάσος Αριστείδης "
    "Ορέστης Διονύσης Περικλής Λάμπρος Σωτήρης Ζήσης Γρηγόρης Ιάσονας Οδυσσέας Θωμάς Φίλιππος Αχιλλέας "
    "Μανώλης Πρόδρομος Ευστάθιος Νεκτάριος"
)
GREEK_FEMALE = _words(
    "Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δήμητρα Κωνσταντίνα Παρασκευή Χριστίνα "
    "Ευαγγελία Ιωάννα Αναστασία Ειρήνη Δέσποινα Θεοδώρα Παναγιώτα Αθηνά Φωτεινή Ευτυχία Σταυρούλα "
    "Αλεξάνδρα Κατερίνα Νικολέτα Ζωή Μαρίνα Χρυσούλα Αργυρώ Στυλιανή Όλγα Άννα Ευδοκία Αφροδίτη Πηνελόπη "
    "Ξανθή Λαμπρινή Ροδάνθη Μυρτώ Δανάη Φανή Ουρανία Ασπασία Ευανθία Καλλιόπη Θεοπίστη Ελισάβετ Ισμήνη "
    "Χαρίκλεια Αντιγόνη"
)
GREEK_SURNAMES = [
    tuple(pair.split("|"))
    for pair in _words(
        "Παπαδόπουλος|Παπαδοπούλου Παπαγεωργίου|Παπαγεωργίου Οικονόμου|Οικονόμου Γεωργίου|Γεωργίου "
        "Παπαδημητρίου|Παπαδημητρίου Ιωάννου|Ιωάννου Βασιλείου|Βασιλείου Νικολάου|Νικολάου "
        "Κωνσταντίνου|Κωνσταντίνου Αθανασίου|Αθανασίου Δημητρίου|Δημητρίου Αντωνίου|Αντωνίου Μακρής|Μακρή "
        "Παπανικολάου|Παπανικολάου Καραγιάννης|Καραγιάννη Παπαδάκης|Παπαδάκη Βλάχος|Βλάχου "
        "Αγγελόπουλος|Αγγελοπούλου Νικολαΐδης|Νικολαΐδου Αλεξίου|Αλεξίου Μαυρίδης|Μαυρίδου "
        "Κωστόπουλος|Κωστοπούλου Ζαχαρίου|Ζαχαρίου Πετρίδης|Πετρίδου Σταματόπουλος|Σταματοπούλου "
        "Χριστοδούλου|Χριστοδούλου Μιχαηλίδης|Μιχαηλίδου Γεωργιάδης|Γεωργιάδου Ευαγγέλου|Ευαγγέλου "
        "Καλογεράκης|Καλογεράκη Κουτσός|Κουτσού Λαμπρόπουλος|Λαμπροπούλου Αναστασίου|Αναστασίου Παππάς|Παππά "
        "Σπυρόπουλος|Σπυροπούλου Δημόπουλος|Δημοπούλου Ράπτης|Ράπτη Θεοδωρίδης|Θεοδωρίδου "
        "Χατζηγεωργίου|Χατζηγεωργίου Κυριακίδης|Κυριακίδου Σαββίδης|Σαββίδου Τζανετάκης|Τζανετάκη "
        "Μαρκόπουλος|Μαρκοπούλου Κανελλόπουλος|Κανελλοπούλου Ζερβός|Ζερβού Φραγκιαδάκης|Φραγκιαδάκη "
        "Μανωλάκης|Μανωλάκη Σιδηρόπουλος|Σιδηροπούλου Καλαμαράς|Καλαμαρά Μπακάλης|Μπακάλη Ξενάκης|Ξενάκη "
        "Τσακίρης|Τσακίρη Γιαννόπουλος|Γιαννοπούλου Παναγιωτόπουλος|Παναγιωτοπούλου "
        "Χριστόπουλος|Χριστοπούλου Αργυρίου|Αργυρίου Λιάπης|Λιάπη Τσολάκης|Τσολάκη Κοντός|Κοντού Ρήγας|Ρήγα "
        "Σαρρής|Σαρρή Μελετίου|Μελετίου Στεφανίδης|Στεφανίδου Πολυχρόνης|Πολυχρόνη Κάππος|Κάππου "
        "Δούκας|Δούκα Μπαλτάς|Μπαλτά Αλεξανδρόπουλος|Αλεξανδροπούλου Καραμανλής|Καραμανλή "
        "Τριανταφύλλου|Τριανταφύλλου Δεληγιάννης|Δεληγιάννη Χατζηδάκης|Χατζηδάκη Σκαλτσάς|Σκαλτσά "
        "Φωτίου|Φωτίου Ηλιόπουλος|Ηλιοπούλου Πανταζής|Πανταζή Καρράς|Καρρά Λάμπρου|Λάμπρου "
        "Σωτηρίου|Σωτηρίου Κεχαγιάς|Κεχαγιά Ζαφειρίου|Ζαφειρίου Μουρατίδης|Μουρατίδου "
        "Αποστολίδης|Αποστολίδου Ευθυμίου|Ευθυμίου Γκίκας|Γκίκα Μπούρας|Μπούρα Κατσαρός|Κατσαρού "
        "Παπαϊωάννου|Παπαϊωάννου Χρυσοχόος|Χρυσοχόου Λυμπερόπουλος|Λυμπεροπούλου Ρούσσος|Ρούσσου "
        "Καλλέργης|Καλλέργη Σταυρόπουλος|Σταυροπούλου Μαργαρίτης|Μαργαρίτη Παπαθανασίου|Παπαθανασίου "
        "Θεοχάρης|Θεοχάρη Καψάλης|Καψάλη Μυλωνάς|Μυλωνά Τσαούσης|Τσαούση Σακελλαρίου|Σακελλαρίου "
        "Χατζής|Χατζή Ανδρεάδης|Ανδρεάδου Φιλίππου|Φιλίππου Στρατάκης|Στρατάκη Δασκαλάκης|Δασκαλάκη "
        "Κοντογιάννης|Κοντογιάννη Πολίτης|Πολίτη Ζαχαράκης|Ζαχαράκη Βαρδάκης|Βαρδάκη Αρβανίτης|Αρβανίτη "
        "Γαλάνης|Γαλάνη Δρόσος|Δρόσου Νικολόπουλος|Νικολοπούλου Παπακωνσταντίνου|Παπακωνσταντίνου "
        "Σαμαράς|Σαμαρά Ξυδάκης|Ξυδάκη Κυπραίος|Κυπραίου Ιωαννίδης|Ιωαννίδου Καλαϊτζής|Καλαϊτζή "
        "Τσιάρας|Τσιάρα Λαζαρίδης|Λαζαρίδου Μελάς|Μελά Ραφαηλίδης|Ραφαηλίδου Τζαβέλλας|Τζαβέλλα "
        "Κολοκοτρώνης|Κολοκοτρώνη Μπότσαρης|Μπότσαρη"
    )
]

# The 13 Greek regions (ISO 3166-2:GR letter codes), their weight in the school population and
# towns as (nominative, genitive): the genitive goes into school names ("3ο Γυμνάσιο Πατρών").
GREEK_REGIONS: tuple[tuple[str, str, str, float, tuple[tuple[str, str], ...]], ...] = (
    ("GR-A", "Eastern Macedonia and Thrace", "Ανατολική Μακεδονία και Θράκη", 5.6, (
        ("Κομοτηνή", "Κομοτηνής"), ("Αλεξανδρούπολη", "Αλεξανδρούπολης"), ("Ξάνθη", "Ξάνθης"),
        ("Καβάλα", "Καβάλας"), ("Δράμα", "Δράμας"), ("Ορεστιάδα", "Ορεστιάδας"))),
    ("GR-B", "Central Macedonia", "Κεντρική Μακεδονία", 17.4, (
        ("Θεσσαλονίκη", "Θεσσαλονίκης"), ("Σέρρες", "Σερρών"), ("Κατερίνη", "Κατερίνης"), ("Βέροια", "Βέροιας"),
        ("Κιλκίς", "Κιλκίς"), ("Έδεσσα", "Έδεσσας"), ("Γιαννιτσά", "Γιαννιτσών"), ("Πολύγυρος", "Πολυγύρου"),
        ("Νάουσα", "Νάουσας"), ("Καλαμαριά", "Καλαμαριάς"), ("Εύοσμος", "Ευόσμου"))),
    ("GR-C", "Western Macedonia", "Δυτική Μακεδονία", 2.6, (
        ("Κοζάνη", "Κοζάνης"), ("Πτολεμαΐδα", "Πτολεμαΐδας"), ("Φλώρινα", "Φλώρινας"), ("Καστοριά", "Καστοριάς"),
        ("Γρεβενά", "Γρεβενών"))),
    ("GR-D", "Epirus", "Ήπειρος", 3.1, (
        ("Ιωάννινα", "Ιωαννίνων"), ("Άρτα", "Άρτας"), ("Πρέβεζα", "Πρέβεζας"), ("Ηγουμενίτσα", "Ηγουμενίτσας"),
        ("Κόνιτσα", "Κόνιτσας"))),
    ("GR-E", "Thessaly", "Θεσσαλία", 6.7, (
        ("Λάρισα", "Λάρισας"), ("Βόλος", "Βόλου"), ("Τρίκαλα", "Τρικάλων"), ("Καρδίτσα", "Καρδίτσας"),
        ("Τύρναβος", "Τυρνάβου"))),
    ("GR-F", "Ionian Islands", "Ιόνια Νησιά", 1.9, (
        ("Κέρκυρα", "Κέρκυρας"), ("Ζάκυνθος", "Ζακύνθου"), ("Αργοστόλι", "Αργοστολίου"), ("Λευκάδα", "Λευκάδας"))),
    ("GR-G", "Western Greece", "Δυτική Ελλάδα", 6.2, (
        ("Πάτρα", "Πατρών"), ("Αγρίνιο", "Αγρινίου"), ("Πύργος", "Πύργου"), ("Μεσολόγγι", "Μεσολογγίου"),
        ("Αμαλιάδα", "Αμαλιάδας"), ("Αίγιο", "Αιγίου"))),
    ("GR-H", "Central Greece", "Στερεά Ελλάδα", 5.0, (
        ("Λαμία", "Λαμίας"), ("Χαλκίδα", "Χαλκίδας"), ("Λιβαδειά", "Λιβαδειάς"), ("Θήβα", "Θήβας"),
        ("Άμφισσα", "Άμφισσας"), ("Καρπενήσι", "Καρπενησίου"))),
    ("GR-I", "Attica", "Αττική", 35.4, (
        ("Αθήνα", "Αθηνών"), ("Πειραιάς", "Πειραιά"), ("Περιστέρι", "Περιστερίου"), ("Καλλιθέα", "Καλλιθέας"),
        ("Γλυφάδα", "Γλυφάδας"), ("Μαρούσι", "Αμαρουσίου"), ("Χαλάνδρι", "Χαλανδρίου"),
        ("Νέα Σμύρνη", "Νέας Σμύρνης"), ("Αιγάλεω", "Αιγάλεω"), ("Ελευσίνα", "Ελευσίνας"), ("Κηφισιά", "Κηφισιάς"),
        ("Ζωγράφου", "Ζωγράφου"), ("Ηλιούπολη", "Ηλιούπολης"), ("Νίκαια", "Νίκαιας"), ("Αχαρνές", "Αχαρνών"))),
    ("GR-J", "Peloponnese", "Πελοπόννησος", 5.4, (
        ("Τρίπολη", "Τρίπολης"), ("Καλαμάτα", "Καλαμάτας"), ("Κόρινθος", "Κορίνθου"), ("Σπάρτη", "Σπάρτης"),
        ("Ναύπλιο", "Ναυπλίου"), ("Άργος", "Άργους"))),
    ("GR-K", "North Aegean", "Βόρειο Αιγαίο", 2.0, (
        ("Μυτιλήνη", "Μυτιλήνης"), ("Χίος", "Χίου"), ("Σάμος", "Σάμου"), ("Μύρινα", "Μύρινας"))),
    ("GR-L", "South Aegean", "Νότιο Αιγαίο", 3.0, (
        ("Ρόδος", "Ρόδου"), ("Ερμούπολη", "Ερμούπολης"), ("Κως", "Κω"), ("Νάξος", "Νάξου"), ("Κάλυμνος", "Καλύμνου"),
        ("Θήρα", "Θήρας"))),
    ("GR-M", "Crete", "Κρήτη", 5.8, (
        ("Ηράκλειο", "Ηρακλείου"), ("Χανιά", "Χανίων"), ("Ρέθυμνο", "Ρεθύμνου"), ("Άγιος Νικόλαος", "Αγίου Νικολάου"),
        ("Ιεράπετρα", "Ιεράπετρας"), ("Σητεία", "Σητείας"))),
)

CYPRUS_TOWNS = (("Λευκωσία", "Λευκωσίας"), ("Λεμεσός", "Λεμεσού"), ("Λάρνακα", "Λάρνακας"), ("Πάφος", "Πάφου"),
                ("Παραλίμνι", "Παραλιμνίου"))


@dataclass(frozen=True)
class NameGroup:
    """Names and school-name patterns of one language area ({n} number, {city}, {person} patron)."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    schools: tuple[tuple[str, str], ...]  # (pattern, level code)
    patrons: tuple[str, ...]


def _g(first: str, last: str, schools: Sequence[tuple[str, str]], patrons: str) -> NameGroup:
    return NameGroup(tuple(first.split()), tuple(last.split()), tuple(schools), tuple(patrons.split(",")))


NAME_GROUPS: dict[str, NameGroup] = {
    "it": _g(
        "Marco Giulia Luca Francesca Alessandro Chiara Andrea Sara Matteo Elena Giuseppe Anna Paolo Laura "
        "Roberto Silvia Stefano Valentina Davide Federica",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca "
        "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi",
        [("Istituto Comprensivo {city} {n}", "primary"), ("Scuola Primaria {person}", "primary"),
         ("Scuola dell'Infanzia {person}", "pre-primary"), ("Liceo Scientifico {person}", "upper-secondary"),
         ("Liceo Classico {person}", "upper-secondary"), ("Istituto Tecnico {person}", "vocational"),
         ("Scuola Secondaria di I grado {person}", "lower-secondary")],
        "Dante Alighieri,Galileo Galilei,Alessandro Manzoni,Leonardo da Vinci,Maria Montessori,Giuseppe Verdi,"
        "Enrico Fermi,Gianni Rodari,Giovanni Pascoli,Italo Calvino",
    ),
    "fr": _g(
        "Marie Jean Sophie Pierre Camille Nicolas Julie Thomas Claire Antoine Isabelle Julien Nathalie Laurent "
        "Céline Mathieu Aurélie François Émilie Olivier",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel "
        "Garcia David Bertrand Roux Vincent Fournier Morel Girard Bonnet Dupont Lambert",
        [("École élémentaire {person}", "primary"), ("École maternelle {person}", "pre-primary"),
         ("Collège {person}", "lower-secondary"), ("Lycée {person}", "upper-secondary"),
         ("Lycée professionnel {person}", "vocational")],
        "Jean Moulin,Victor Hugo,Jules Ferry,Marie Curie,Jean Jaurès,Louis Pasteur,Albert Camus,Simone Veil,"
        "Jacques Prévert,Voltaire",
    ),
    "nl": _g(
        "Jan Sanne Pieter Lotte Thomas Emma Bram Anouk Lars Eva Tim Femke Koen Lisa Ruben Marieke Joris Sofie "
        "Wouter Inge",
        "De Jong Jansen De Vries Van den Berg Bakker Janssens Visser Smit Peeters Maes Mulder De Boer Willems "
        "Claes Goossens Dekker Wouters Hendriks Vermeulen".replace("De Jong", "De_Jong").replace(
            "De Vries", "De_Vries").replace("Van den Berg", "Van_den_Berg").replace("De Boer", "De_Boer"),
        [("Basisschool {person}", "primary"), ("{person} College", "upper-secondary"),
         ("Atheneum {city}", "upper-secondary"), ("Kleuterschool {person}", "pre-primary"),
         ("Technisch Instituut {person}", "vocational")],
        "De Regenboog,Sint-Jozef,Erasmus,Spinoza,Vondel,Rembrandt,De Zonnebloem,Sint-Lucas",
    ),
    "de": _g(
        "Anna Lukas Lena Jonas Laura Leon Julia Felix Sarah Paul Katharina Maximilian Lisa Tobias Johanna "
        "Stefan Sabine Michael Andrea Thomas",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange",
        [("Grundschule {city}-{n}", "primary"), ("{person}-Gymnasium", "upper-secondary"),
         ("Realschule {city}", "lower-secondary"), ("{person}-Gesamtschule", "lower-secondary"),
         ("Kindergarten {person}", "pre-primary"), ("Berufskolleg {city}", "vocational")],
        "Goethe,Schiller,Albert Einstein,Sophie Scholl,Heinrich Heine,Alexander von Humboldt,Anne Frank,"
        "Lessing,Kant,Beethoven",
    ),
    "es": _g(
        "María José Carmen Antonio Ana Manuel Laura David Lucía Javier Marta Daniel Elena Carlos Paula "
        "Francisco Cristina Alejandro Sara Pablo",
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
        "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos",
        [("CEIP {person}", "primary"), ("IES {person}", "upper-secondary"), ("Colegio {person}", "primary"),
         ("Escuela Infantil {person}", "pre-primary"), ("CIFP {city}", "vocational")],
        "Miguel de Cervantes,Antonio Machado,Federico García Lorca,Santiago Ramón y Cajal,Rosalía de Castro,"
        "Clara Campoamor,Gloria Fuertes,Juan Ramón Jiménez",
    ),
    "pt": _g(
        "João Maria Ana José Pedro Catarina Rui Sofia Miguel Inês Tiago Beatriz Paulo Marta Nuno Rita Luís "
        "Joana Ricardo Sara",
        "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes "
        "Lopes Marques Alves Almeida Ribeiro Pinto Carvalho",
        [("Escola Básica {person}", "primary"), ("Escola Secundária {person}", "upper-secondary"),
         ("Agrupamento de Escolas {person}", "lower-secondary"), ("Jardim de Infância {city}", "pre-primary"),
         ("Escola Profissional {city}", "vocational")],
        "Luís de Camões,Fernando Pessoa,Eça de Queirós,Sophia de Mello Breyner,José Saramago,Vasco da Gama",
    ),
    "pl": _g(
        "Anna Piotr Katarzyna Krzysztof Małgorzata Tomasz Agnieszka Paweł Joanna Marcin Magdalena Michał Ewa "
        "Jakub Monika Łukasz Aleksandra Grzegorz Barbara Adam",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski "
        "Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski",
        [("Szkoła Podstawowa nr {n} im. {person}", "primary"), ("Liceum Ogólnokształcące nr {n} im. {person}",
          "upper-secondary"), ("Przedszkole nr {n} w {city}", "pre-primary"), ("Technikum nr {n} w {city}",
                                                                               "vocational")],
        "Mikołaja Kopernika,Marii Skłodowskiej-Curie,Adama Mickiewicza,Jana Pawła II,Henryka Sienkiewicza,"
        "Fryderyka Chopina,Janusza Korczaka,Juliusza Słowackiego",
    ),
    "ro": _g(
        "Andrei Maria Alexandru Elena Mihai Ioana Ion Ana Gabriel Andreea Florin Cristina Bogdan Raluca Ștefan "
        "Simona Vlad Irina Adrian Diana",
        "Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin "
        "Marin Lungu Florea Dinu Tudor Moldovan",
        [("Școala Gimnazială nr. {n} {city}", "lower-secondary"), ("Liceul Teoretic {person}", "upper-secondary"),
         ("Colegiul Național {person}", "upper-secondary"), ("Grădinița nr. {n} {city}", "pre-primary"),
         ("Liceul Tehnologic {person}", "vocational")],
        "Mihai Eminescu,Ion Creangă,George Coșbuc,Nicolae Iorga,Spiru Haret,Lucian Blaga,Tudor Vladimirescu",
    ),
    "tr": _g(
        "Mehmet Ayşe Mustafa Fatma Ahmet Emine Ali Hatice Hüseyin Zeynep Hasan Elif İbrahim Merve Murat Özlem "
        "Emre Esra Burak Derya",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin "
        "Kara Koç Kurt Özkan Şimşek",
        [("{person} İlkokulu", "primary"), ("{person} Ortaokulu", "lower-secondary"),
         ("{person} Anadolu Lisesi", "upper-secondary"), ("{city} Mesleki ve Teknik Anadolu Lisesi", "vocational"),
         ("{person} Anaokulu", "pre-primary"), ("{city} Fen Lisesi", "upper-secondary")],
        "Atatürk,Cumhuriyet,Fatih,Mimar Sinan,Yunus Emre,Gazi,Namık Kemal,Mehmet Akif Ersoy,Barbaros",
    ),
    "uk": _g(
        "Олександр Олена Андрій Наталія Сергій Оксана Іван Тетяна Микола Ірина Дмитро Юлія Василь Світлана "
        "Петро Марія Володимир Анна Богдан Галина",
        "Мельник Шевченко Бойко Коваленко Бондаренко Ткаченко Кравченко Ковальчук Коваль Олійник Шевчук "
        "Поліщук Іваненко Ткачук Савченко Руденко Лисенко Марченко Мороз Петренко",
        [("Ліцей № {n} м. {city}", "upper-secondary"), ("Гімназія № {n} м. {city}", "lower-secondary"),
         ("Початкова школа «{person}»", "primary"), ("Заклад дошкільної освіти № {n}", "pre-primary")],
        "Тараса Шевченка,Лесі Українки,Івана Франка,Григорія Сковороди,Мрія,Сонечко",
    ),
    "bg": _g(
        "Георги Мария Иван Елена Димитър Ивана Николай Петя Стефан Десислава Христо Радостина Васил Милена "
        "Тодор Гергана Петър Цветелина Александър Весела",
        "Иванов Петров Георгиев Димитров Николов Стоянов Христов Тодоров Илиев Василев Атанасов Петков "
        "Ангелов Колев Йорданов Маринов Попов Костов",
        [("{n} основно училище „{person}“", "primary"), ("Профилирана гимназия „{person}“", "upper-secondary"),
         ("Средно училище „{person}“", "lower-secondary"), ("Детска градина № {n}", "pre-primary"),
         ("Професионална гимназия {city}", "vocational")],
        "Христо Ботев,Васил Левски,Иван Вазов,Св. Св. Кирил и Методий,Паисий Хилендарски,Никола Вапцаров",
    ),
    "sl": _g(
        "Ana Marko Ivana Luka Petra Ivan Maja Tomislav Jelena Nikola Marija Stefan Katarina Dario Sanja Filip "
        "Milena Bojan Tamara Aleksandar",
        "Horvat Kovačević Babić Marić Jurić Novak Kovač Petrović Jovanović Nikolić Marković Đorđević Ilić "
        "Popović Hodžić Begović Krajnc Zupan Mlakar Stojanovski",
        [("Osnovna škola {person}", "primary"), ("Gimnazija {city}", "upper-secondary"),
         ("Srednja škola {person}", "vocational"), ("Dječji vrtić {city} {n}", "pre-primary")],
        "Nikola Tesla,Ivan Goran Kovačić,Vuk Karadžić,France Prešeren,Ivo Andrić,Meša Selimović,Braća Miladinovci",
    ),
    "cs": _g(
        "Jan Jana Petr Eva Tomáš Lucie Martin Hana Pavel Kateřina Jakub Lenka Michal Zuzana Lukáš Veronika "
        "Ondřej Martina Peter Mária",
        "Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Pokorný Marek Horváth Kováč "
        "Varga Tóth Nagy Baláž Szabó Molnár",
        [("Základní škola {city} {n}", "primary"), ("Gymnázium {person}", "upper-secondary"),
         ("Mateřská škola {city}", "pre-primary"), ("Střední odborná škola {city}", "vocational")],
        "Jana Amose Komenského,T. G. Masaryka,Karla Čapka,Ľudovíta Štúra,Boženy Němcové,Milana Rastislava Štefánika",
    ),
    "hu": _g(
        "László Katalin István Éva József Zsuzsanna Zoltán Anna Gábor Mária Péter Erzsébet Attila Andrea "
        "Tamás Krisztina Balázs Eszter Dávid Judit",
        "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász Lakatos "
        "Mészáros Oláh Simon Rácz Fekete",
        [("{person} Általános Iskola", "primary"), ("{person} Gimnázium", "upper-secondary"),
         ("{city} Óvoda", "pre-primary"), ("{city} Szakképző Iskola", "vocational")],
        "Petőfi Sándor,Arany János,Kossuth Lajos,Széchenyi István,Móra Ferenc,Bolyai János,József Attila",
    ),
    "nordic": _g(
        "Anna Lars Maria Erik Kristina Johan Ingrid Anders Sofia Mikko Laura Jukka Sigrid Ole Hanna Jón Emma "
        "Nils Karin Henrik",
        "Andersson Johansson Karlsson Nilsson Hansen Jensen Nielsen Pedersen Larsen Korhonen Virtanen "
        "Mäkinen Nieminen Olsen Berg Lindqvist Jónsson Sigurðsson Lund Holm",
        [("{city} grundskola", "primary"), ("{person}skolan", "lower-secondary"),
         ("{city} gymnasium", "upper-secondary"), ("{city} barnehage {n}", "pre-primary"),
         ("{city} yrkesskola", "vocational")],
        "Linné,Strindberg,Lagerlöf,Ibsen,Andersen,Sibelius,Nansen,Grieg",
    ),
    "baltic": _g(
        "Jānis Anna Andris Ilze Mārtiņš Laura Tomas Rūta Mindaugas Jurgita Kristjan Kadri Andres Liis Rasa "
        "Gintaras Inga Edgars Kristīne Tanel",
        "Bērziņš Kalniņš Ozoliņš Liepa Kazlauskas Jankauskas Petrauskas Stankevičius Tamm Saar Sepp Mägi "
        "Kask Kukk Vasiļjevs Žukauskas Balodis Rebane",
        [("{city} {n}. vidusskola", "upper-secondary"), ("{person} gimnazija", "upper-secondary"),
         ("{city} Põhikool", "lower-secondary"), ("{city} lopšelis-darželis", "pre-primary"),
         ("{city} pagrindinė mokykla", "primary")],
        "Rainis,Maironis,Jakob Hurt,Krišjānis Barons,Vytautas Didysis,Lydia Koidula",
    ),
    "en": _g(
        "Mary John Sarah Patrick Emma Michael Aoife David Ciara James Joseph Niamh Paul Rachel Mark Claire "
        "Kevin Louise Daniel Maria",
        "Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan O'Connor Borg Camilleri Vella Farrugia Zammit "
        "Galea Doyle McCarthy Gallagher Doherty Kennedy",
        [("St {person}'s National School", "primary"), ("{city} Community College", "upper-secondary"),
         ("Scoil {person}", "primary"), ("St {person}'s Secondary School", "lower-secondary"),
         ("{city} Kindergarten {n}", "pre-primary")],
        "Patrick,Brigid,Joseph,Mary,Columba,Paul,Aloysius,Benedict",
    ),
    "sq": _g(
        "Arben Elira Besnik Ana Gentian Blerina Ilir Mirela Edi Jonida Artan Enkeleda Dritan Klea Fatmir Ermira",
        "Hoxha Shehu Leka Gjoka Krasniqi Kola Marku Dervishi Çela Basha Mema Shkurti Gashi Berisha",
        [("Shkolla 9-vjeçare {person}", "lower-secondary"), ("Gjimnazi {person}", "upper-secondary"),
         ("Kopshti nr. {n} {city}", "pre-primary"), ("Shkolla Profesionale {city}", "vocational")],
        "Naim Frashëri,Sami Frashëri,Ismail Qemali,Skënderbeu,Petro Nini Luarasi,Asim Vokshi",
    ),
    "cau": _g(
        "Armen Anahit Davit Nino Giorgi Tamar Levan Mariam Elvin Aysel Rashad Leyla Tigran Lusine Irakli "
        "Eka Farid Gunel Aram Natia",
        "Hakobyan Harutyunyan Sargsyan Grigoryan Beridze Kapanadze Gelashvili Maisuradze Mammadov Aliyev "
        "Hasanov Huseynov Ismayilov Petrosyan Lomidze Tsiklauri Abdullayev Karapetyan",
        [("Public School No. {n}, {city}", "lower-secondary"), ("{city} Secondary School No. {n}", "upper-secondary"),
         ("{city} Kindergarten No. {n}", "pre-primary"), ("{person} Lyceum", "upper-secondary")],
        "Ilia Chavchavadze,Hovhannes Tumanyan,Nizami Ganjavi,Shota Rustaveli,Mesrop Mashtots",
    ),
    "ar": _g(
        "Mohamed Fatma Ahmed Amira Ali Leila Omar Nour Youssef Sara Khaled Rania Karim Maya Sami Hiba Rami "
        "Lina Hussein Dina",
        "Ben Ali Trabelsi Gharbi Hammami Bouazizi Haddad Khoury Nasser Saleh Khalil Masri Abbas Haddadin "
        "Mansour Jaber Karam Daher Habib Fares Aoun".replace("Ben Ali", "Ben_Ali"),
        [("École primaire {person}", "primary"), ("Lycée {person}", "upper-secondary"),
         ("{person} Secondary School", "lower-secondary"), ("{city} Model School", "primary"),
         ("{city} Kindergarten {n}", "pre-primary")],
        "Ibn Khaldoun,Ibn Sina,Al-Farabi,Tahar Haddad,Abou el Kacem Chebbi,Gibran Khalil Gibran",
    ),
}


@dataclass(frozen=True)
class CountrySpec:
    code: str
    name_en: str
    name_el: str
    programme: str
    group: str  # key of NAME_GROUPS, or "el" for Greek-speaking countries
    weight: float  # thousands of registered teachers, roughly (drives the European proportions)
    towns: tuple[str, ...]
    valid_from: date = date(2005, 1, 1)


_EU, _AS, _NB = ProgrammeType.EU, ProgrammeType.ASSOCIATED, ProgrammeType.NEIGHBOURHOOD


def _c(code, en, el, programme, group, weight, towns, start=2005) -> CountrySpec:
    return CountrySpec(code, en, el, programme, group, weight, tuple(towns.split(",")), date(start, 1, 1))


COUNTRIES: tuple[CountrySpec, ...] = (
    _c("AT", "Austria", "Αυστρία", _EU, "de", 20, "Wien,Graz,Linz,Salzburg,Innsbruck,Klagenfurt"),
    _c("BE", "Belgium", "Βέλγιο", _EU, "nl", 30, "Antwerpen,Gent,Brugge,Leuven,Brussel,Hasselt,Mechelen"),
    _c("BG", "Bulgaria", "Βουλγαρία", _EU, "bg", 30, "София,Пловдив,Варна,Бургас,Русе,Стара Загора", 2007),
    _c("HR", "Croatia", "Κροατία", _EU, "sl", 25, "Zagreb,Split,Rijeka,Osijek,Zadar,Pula", 2013),
    _c("CY", "Cyprus", "Κύπρος", _EU, "el", 6, "Λευκωσία,Λεμεσός,Λάρνακα,Πάφος,Παραλίμνι"),
    _c("CZ", "Czechia", "Τσεχία", _EU, "cs", 35, "Praha,Brno,Ostrava,Plzeň,Liberec,Olomouc"),
    _c("DK", "Denmark", "Δανία", _EU, "nordic", 10, "København,Aarhus,Odense,Aalborg,Esbjerg"),
    _c("EE", "Estonia", "Εσθονία", _EU, "baltic", 8, "Tallinn,Tartu,Narva,Pärnu"),
    _c("FI", "Finland", "Φινλανδία", _EU, "nordic", 15, "Helsinki,Espoo,Tampere,Turku,Oulu"),
    _c("FR", "France", "Γαλλία", _EU, "fr", 130,
       "Paris,Lyon,Marseille,Toulouse,Nice,Nantes,Strasbourg,Montpellier,Bordeaux,Lille,Rennes,Reims"),
    _c("DE", "Germany", "Γερμανία", _EU, "de", 80,
       "Berlin,Hamburg,München,Köln,Frankfurt,Stuttgart,Düsseldorf,Leipzig,Dortmund,Dresden,Bremen"),
    _c("GR", "Greece", "Ελλάδα", _EU, "el", 50, ""),
    _c("HU", "Hungary", "Ουγγαρία", _EU, "hu", 25, "Budapest,Debrecen,Szeged,Miskolc,Pécs,Győr"),
    _c("IE", "Ireland", "Ιρλανδία", _EU, "en", 10, "Dublin,Cork,Limerick,Galway,Waterford"),
    _c("IT", "Italy", "Ιταλία", _EU, "it", 190,
       "Roma,Milano,Napoli,Torino,Palermo,Genova,Bologna,Firenze,Bari,Catania,Venezia,Verona"),
    _c("LV", "Latvia", "Λετονία", _EU, "baltic", 10, "Rīga,Daugavpils,Liepāja,Jelgava"),
    _c("LT", "Lithuania", "Λιθουανία", _EU, "baltic", 15, "Vilnius,Kaunas,Klaipėda,Šiauliai,Panevėžys"),
    _c("LU", "Luxembourg", "Λουξεμβούργο", _EU, "fr", 2, "Luxembourg,Esch-sur-Alzette,Differdange"),
    _c("MT", "Malta", "Μάλτα", _EU, "en", 3, "Valletta,Birkirkara,Mosta,Sliema"),
    _c("NL", "Netherlands", "Κάτω Χώρες", _EU, "nl", 20, "Amsterdam,Rotterdam,Den Haag,Utrecht,Eindhoven,Groningen"),
    _c("PL", "Poland", "Πολωνία", _EU, "pl", 150,
       "Warszawa,Kraków,Łódź,Wrocław,Poznań,Gdańsk,Szczecin,Lublin,Katowice,Białystok"),
    _c("PT", "Portugal", "Πορτογαλία", _EU, "pt", 55, "Lisboa,Porto,Braga,Coimbra,Faro,Aveiro,Setúbal"),
    _c("RO", "Romania", "Ρουμανία", _EU, "ro", 110,
       "București,Cluj-Napoca,Timișoara,Iași,Constanța,Craiova,Brașov,Galați", 2007),
    _c("SK", "Slovakia", "Σλοβακία", _EU, "cs", 20, "Bratislava,Košice,Prešov,Žilina,Nitra"),
    _c("SI", "Slovenia", "Σλοβενία", _EU, "sl", 10, "Ljubljana,Maribor,Celje,Kranj,Koper"),
    _c("ES", "Spain", "Ισπανία", _EU, "es", 140,
       "Madrid,Barcelona,Valencia,Sevilla,Zaragoza,Málaga,Murcia,Bilbao,Valladolid,Granada,Oviedo"),
    _c("SE", "Sweden", "Σουηδία", _EU, "nordic", 15, "Stockholm,Göteborg,Malmö,Uppsala,Linköping"),
    _c("AL", "Albania", "Αλβανία", _AS, "sq", 12, "Tiranë,Durrës,Vlorë,Shkodër,Elbasan,Korçë", 2013),
    _c("BA", "Bosnia and Herzegovina", "Βοσνία-Ερζεγοβίνη", _AS, "sl", 8, "Sarajevo,Banja Luka,Tuzla,Mostar", 2013),
    _c("IS", "Iceland", "Ισλανδία", _AS, "nordic", 2, "Reykjavík,Kópavogur,Akureyri"),
    _c("LI", "Liechtenstein", "Λιχτενστάιν", _AS, "de", 0.3, "Vaduz,Schaan"),
    _c("MK", "North Macedonia", "Βόρεια Μακεδονία", _AS, "sl", 12, "Skopje,Bitola,Kumanovo,Prilep,Ohrid", 2013),
    _c("NO", "Norway", "Νορβηγία", _AS, "nordic", 10, "Oslo,Bergen,Trondheim,Stavanger,Tromsø"),
    _c("RS", "Serbia", "Σερβία", _AS, "sl", 25, "Beograd,Novi Sad,Niš,Kragujevac,Subotica", 2013),
    _c("TR", "Türkiye", "Τουρκία", _AS, "tr", 380,
       "İstanbul,Ankara,İzmir,Bursa,Antalya,Konya,Adana,Gaziantep,Kayseri,Trabzon,Samsun,Eskişehir,Diyarbakır"),
    _c("ME", "Montenegro", "Μαυροβούνιο", _AS, "sl", 3, "Podgorica,Nikšić,Budva,Bar", 2013),
    _c("XK", "Kosovo", "Κοσσυφοπέδιο", _AS, "sq", 5, "Prishtinë,Prizren,Pejë,Gjakovë", 2013),
    _c("AM", "Armenia", "Αρμενία", _NB, "cau", 8, "Yerevan,Gyumri,Vanadzor", 2013),
    _c("AZ", "Azerbaijan", "Αζερμπαϊτζάν", _NB, "cau", 15, "Baku,Ganja,Sumgait,Lankaran", 2013),
    _c("GE", "Georgia", "Γεωργία", _NB, "cau", 15, "Tbilisi,Batumi,Kutaisi,Rustavi", 2013),
    _c("MD", "Moldova", "Μολδαβία", _NB, "ro", 10, "Chișinău,Bălți,Cahul,Orhei", 2013),
    _c("UA", "Ukraine", "Ουκρανία", _NB, "uk", 70, "Київ,Харків,Одеса,Дніпро,Львів,Запоріжжя,Вінниця,Полтава", 2013),
    _c("TN", "Tunisia", "Τυνησία", _NB, "ar", 15, "Tunis,Sfax,Sousse,Kairouan,Bizerte", 2013),
    _c("JO", "Jordan", "Ιορδανία", _NB, "ar", 10, "Amman,Zarqa,Irbid,Aqaba", 2013),
    _c("LB", "Lebanon", "Λίβανος", _NB, "ar", 8, "Beirut,Tripoli,Sidon,Zahle", 2013),
    _c("PS", "Palestine", "Παλαιστίνη", _NB, "ar", 5, "Ramallah,Nablus,Hebron,Bethlehem", 2013),
)
# fmt: on
COUNTRY_SPECS = {spec.code: spec for spec in COUNTRIES}
DEFAULT_WEIGHT = 5.0  # a participating country missing from the table above

# --- Scales ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    name: str
    greece: tuple[int, int]  # Greek (teachers, schools)
    others: tuple[int, int]  # (teachers, schools) shared by the other countries
    partners: tuple[str, ...] | None  # None: every participating country


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", (200, 60), (60, 18), ("CY", "IT")),
    "greece": Scale(
        "greece", (50_000, 15_000), (5_000, 1_500), ("CY", "IT", "ES", "FR", "PL", "RO", "DE", "TR", "PT", "HR")
    ),
    "europe": Scale("europe", (50_000, 15_000), (1_750_000, 485_000), None),
}


def greek_factor(scale: str) -> float:
    """How big ``scale`` is beside ``greece`` (by Greek teachers): domain generators scale their rows by it."""
    return SCALES[scale].greece[0] / SCALES["greece"].greece[0]


def plan_targets(
    scale: Scale, participating: Iterable[str] = (), not_participating: Iterable[str] = ()
) -> dict[str, tuple[int, int]]:
    """Country code -> (teachers, schools) wanted for a scale.

    Europe spreads over the countries taking part today (the rows in the database, plus the table
    above for rows not loaded yet); a country whose row says it no longer takes part gets nobody.
    """
    if scale.partners is None:
        codes = sorted((set(participating) | set(COUNTRY_SPECS)) - set(not_participating) - {"GR"})
    else:
        codes = [c for c in scale.partners if c not in set(not_participating)]
    weights = {c: COUNTRY_SPECS[c].weight if c in COUNTRY_SPECS else DEFAULT_WEIGHT for c in codes}
    teachers = apportion(scale.others[0], weights)
    schools = apportion(scale.others[1], weights)
    targets = {"GR": scale.greece}
    for code in codes:
        targets[code] = (teachers[code], max(schools[code], 1 if teachers[code] else 0))
    return targets


# --- Places ---------------------------------------------------------------------------------------


@dataclass
class Places:
    """Where a country's schools go: towns (with the genitive for Greek names) and region ids."""

    towns: list[tuple[str, str, int | None, float]]  # (town, town in names, region id, weight)
    cumulative: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self):
        self.cumulative = cumulative([(i, t[3]) for i, t in enumerate(self.towns)])


def _greek_places(regions_by_code: dict[str, int]) -> Places:
    towns = []
    for code, _en, _el, weight, region_towns in GREEK_REGIONS:
        # The first town is the regional capital: it gets a third of the region's schools.
        shares = [1.0 / 3] + [(2.0 / 3) / max(1, len(region_towns) - 1)] * (len(region_towns) - 1)
        for (nominative, genitive), share in zip(region_towns, shares, strict=True):
            towns.append((nominative, genitive, regions_by_code.get(code), weight * share))
    return Places(towns)


def _other_places(country: Country, spec: CountrySpec | None, region_ids: list[int]) -> Places:
    if spec is not None and spec.code == "CY":
        names = list(CYPRUS_TOWNS)
    elif spec is not None and spec.towns:
        names = [(t, t) for t in spec.towns]
    else:
        names = [(f"{country.name_en} {part}", f"{country.name_en} {part}") for part in ("City", "North", "South")]
    towns = []
    for i, (nominative, in_names) in enumerate(names):
        region_id = region_ids[i % len(region_ids)] if region_ids else None
        towns.append((nominative, in_names, region_id, 3.0 if i == 0 else 1.0))
    return Places(towns)


# --- Reference rows -------------------------------------------------------------------------------


def _ensure_countries(codes: Iterable[str]) -> dict[str, Country]:
    """Country rows by code, creating those the reference data has not loaded (prefer real rows)."""
    existing = {c.code: c for c in Country.objects.filter(code__in=list(codes))}
    for code in codes:
        if code not in existing:
            spec = COUNTRY_SPECS[code]
            existing[code], _ = Country.objects.get_or_create(
                code=code,
                defaults={
                    "name_en": spec.name_en,
                    "name_el": spec.name_el,
                    "programme_type": spec.programme,
                    "valid_from": spec.valid_from,
                },
            )
    return existing


def _ensure_greek_regions(greece: Country) -> dict[str, int]:
    ids = dict(Region.objects.filter(country=greece).values_list("code", "pk"))
    for code, en, el, _weight, _towns in GREEK_REGIONS:
        if code not in ids:
            region, _ = Region.objects.get_or_create(country=greece, code=code, defaults={"name_en": en, "name_el": el})
            ids[code] = region.pk
    return ids


def _level_ids() -> dict[str, int]:
    return dict(EducationLevel.objects.values_list("code", "pk"))


# --- The plan handed to the generators above --------------------------------------------------------

PLAN = "reference.country_plan"  # key in run.shared


@dataclass(frozen=True)
class CountryPlan:
    """What the schools and people generators need to know about the countries of this run."""

    targets: dict[str, tuple[int, int]]  # code -> (teachers, schools) wanted
    order: list[str]  # codes: Greece first, then the largest, so that the progress log is easy to follow
    countries: dict[str, Country]
    places: dict[str, Places]
    levels: dict[str, int]  # EducationLevel code -> id
    directorates: dict[int, list[int]]  # region id -> directorate ids

    def spec(self, code: str) -> CountrySpec | None:
        return COUNTRY_SPECS.get(code)


def country_plan(run: Run) -> CountryPlan:
    """The plan this run's reference generator left (it runs first, at position 10)."""
    try:
        return run.shared[PLAN]
    except KeyError:
        raise LookupError("the reference population generator has not run (is twinning.reference installed?)") from None


def generate_countries(run: Run) -> None:
    scale = SCALES[run.scale]
    known = list(Country.objects.all())
    participating = {c.code for c in known if c.is_participating()}
    not_participating = {c.code for c in known} - participating
    targets = plan_targets(scale, participating, not_participating)
    countries = _ensure_countries(list(targets))
    greek_regions = _ensure_greek_regions(countries["GR"])
    directorates: dict[int, list[int]] = {}
    for pk, region_id in EducationDirectorate.objects.order_by("pk").values_list("pk", "region_id"):
        directorates.setdefault(region_id, []).append(pk)
    regions_by_country: dict[int, list[int]] = {}
    for pk, country_id in Region.objects.order_by("code").values_list("pk", "country_id"):
        regions_by_country.setdefault(country_id, []).append(pk)
    places = {
        code: _greek_places(greek_regions)
        if code == "GR"
        else _other_places(country, COUNTRY_SPECS.get(code), regions_by_country.get(country.pk, []))
        for code, country in countries.items()
    }
    run.shared[PLAN] = CountryPlan(
        targets=targets,
        order=sorted(targets, key=lambda c: (c != "GR", -targets[c][0], c)),
        countries=countries,
        places=places,
        levels=_level_ids(),
        directorates=directorates,
    )


register_population("countries", generate_countries, position=10)

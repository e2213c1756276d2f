"""Reference data of the federation: the 46 participating countries, regions, directorates, support organisations.

Plain data plus loaders that take model classes as arguments, so the data migration (historical models),
tests and the population generator share one source.

Participating countries (domain brief §1, 46 in January 2025): the 27 EU member states; Albania, Bosnia
and Herzegovina, Iceland, Liechtenstein, North Macedonia, Norway, Serbia, Türkiye; the neighbourhood
(eTwinning Plus) countries Armenia, Azerbaijan, Georgia, Moldova, Ukraine, Tunisia, Jordan, Lebanon.
That makes 43; the three others are the latest to join:
- Montenegro (joined April 2022, announced by the CSS) — programme type "associated";
- Kosovo (joined January 2024, code XK as used by the EU) — "associated";
- Palestine (joined February 2024) — "neighbourhood", since it is a southern-neighbourhood partner
  supported by a Partner Support Agency like Tunisia, Jordan and Lebanon.
Kosovo and Palestine are named as the EU does: without prejudice to positions on status.

``valid_from``: 2005-01-01 for the founding participants (the EU-25 of 2005, Iceland, Norway); EU accession
dates for Bulgaria, Romania (2007) and Croatia (2013); 2013-01-01 for the first eTwinning Plus countries;
announced joining dates for Jordan, Lebanon, Montenegro, Kosovo and Palestine. For Liechtenstein, Türkiye,
North Macedonia, Albania, Bosnia and Herzegovina and Serbia the year is approximate (first year of
participation as best known); CSS staff correct these in the country set-up page.

``age_of_digital_consent`` follows each state's choice under GDPR Art. 8(1) where known; 16 (the GDPR
default) elsewhere. NSO staff adjust it for their country.
"""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

EU = "eu"
ASSOCIATED = "associated"
NEIGHBOURHOOD = "neighbourhood"

FOUNDING = datetime.date(2005, 1, 1)
ETWINNING_PLUS = datetime.date(2013, 1, 1)


class CountryRow(NamedTuple):
    code: str  # ISO 3166-1 alpha-2 (Greece is GR, not EL); Kosovo uses the EU's XK
    name_en: str
    name_el: str
    programme_type: str
    valid_from: datetime.date
    languages: tuple[str, ...]  # core.Language codes
    age_of_digital_consent: int = 16
    school_email_domains: str = ""


COUNTRIES: tuple[CountryRow, ...] = (
    # --- EU member states ---
    CountryRow("AT", "Austria", "Αυστρία", EU, FOUNDING, ("de",), 14),
    CountryRow("BE", "Belgium", "Βέλγιο", EU, FOUNDING, ("nl", "fr", "de"), 13),
    CountryRow("BG", "Bulgaria", "Βουλγαρία", EU, datetime.date(2007, 1, 1), ("bg",), 14),
    CountryRow("HR", "Croatia", "Κροατία", EU, datetime.date(2013, 7, 1), ("hr",), 16),
    CountryRow("CY", "Cyprus", "Κύπρος", EU, FOUNDING, ("el", "tr"), 14, "schools.ac.cy"),
    CountryRow("CZ", "Czechia", "Τσεχία", EU, FOUNDING, ("cs",), 15),
    CountryRow("DK", "Denmark", "Δανία", EU, FOUNDING, ("da",), 13),
    CountryRow("EE", "Estonia", "Εσθονία", EU, FOUNDING, ("et",), 13),
    CountryRow("FI", "Finland", "Φινλανδία", EU, FOUNDING, ("fi", "sv"), 13),
    CountryRow("FR", "France", "Γαλλία", EU, FOUNDING, ("fr",), 15),
    CountryRow("DE", "Germany", "Γερμανία", EU, FOUNDING, ("de",), 16),
    CountryRow("GR", "Greece", "Ελλάδα", EU, FOUNDING, ("el",), 15, "sch.gr"),
    CountryRow("HU", "Hungary", "Ουγγαρία", EU, FOUNDING, ("hu",), 16),
    CountryRow("IE", "Ireland", "Ιρλανδία", EU, FOUNDING, ("en", "ga"), 16),
    CountryRow("IT", "Italy", "Ιταλία", EU, FOUNDING, ("it",), 14, "istruzione.it"),
    CountryRow("LV", "Latvia", "Λετονία", EU, FOUNDING, ("lv",), 13),
    CountryRow("LT", "Lithuania", "Λιθουανία", EU, FOUNDING, ("lt",), 14),
    CountryRow("LU", "Luxembourg", "Λουξεμβούργο", EU, FOUNDING, ("lb", "fr", "de"), 16),
    CountryRow("MT", "Malta", "Μάλτα", EU, FOUNDING, ("mt", "en"), 13),
    CountryRow("NL", "Netherlands", "Κάτω Χώρες", EU, FOUNDING, ("nl",), 16),
    CountryRow("PL", "Poland", "Πολωνία", EU, FOUNDING, ("pl",), 16),
    CountryRow("PT", "Portugal", "Πορτογαλία", EU, FOUNDING, ("pt",), 13),
    CountryRow("RO", "Romania", "Ρουμανία", EU, datetime.date(2007, 1, 1), ("ro",), 16),
    CountryRow("SK", "Slovakia", "Σλοβακία", EU, FOUNDING, ("sk",), 16),
    CountryRow("SI", "Slovenia", "Σλοβενία", EU, FOUNDING, ("sl",), 15),
    CountryRow("ES", "Spain", "Ισπανία", EU, FOUNDING, ("es", "ca", "eu", "gl"), 14),
    CountryRow("SE", "Sweden", "Σουηδία", EU, FOUNDING, ("sv",), 13),
    # --- other participating countries ---
    CountryRow("AL", "Albania", "Αλβανία", ASSOCIATED, datetime.date(2016, 1, 1), ("sq",)),
    CountryRow(
        "BA", "Bosnia and Herzegovina", "Βοσνία-Ερζεγοβίνη", ASSOCIATED, datetime.date(2016, 1, 1), ("bs", "hr", "sr")
    ),
    CountryRow("IS", "Iceland", "Ισλανδία", ASSOCIATED, FOUNDING, ("is",), 13),
    CountryRow("LI", "Liechtenstein", "Λιχτενστάιν", ASSOCIATED, datetime.date(2008, 1, 1), ("de",)),
    CountryRow("MK", "North Macedonia", "Βόρεια Μακεδονία", ASSOCIATED, datetime.date(2014, 1, 1), ("mk", "sq")),
    CountryRow("NO", "Norway", "Νορβηγία", ASSOCIATED, FOUNDING, ("no",), 13),
    CountryRow("RS", "Serbia", "Σερβία", ASSOCIATED, datetime.date(2016, 1, 1), ("sr",), 15),
    CountryRow("TR", "Türkiye", "Τουρκία", ASSOCIATED, datetime.date(2009, 1, 1), ("tr",), 16, "meb.k12.tr"),
    CountryRow("ME", "Montenegro", "Μαυροβούνιο", ASSOCIATED, datetime.date(2022, 4, 1), ("cnr", "sr")),
    CountryRow("XK", "Kosovo", "Κοσσυφοπέδιο", ASSOCIATED, datetime.date(2024, 1, 1), ("sq", "sr")),
    # --- neighbourhood countries (eTwinning Plus) ---
    CountryRow("AM", "Armenia", "Αρμενία", NEIGHBOURHOOD, ETWINNING_PLUS, ("hy",)),
    CountryRow("AZ", "Azerbaijan", "Αζερμπαϊτζάν", NEIGHBOURHOOD, ETWINNING_PLUS, ("az",)),
    CountryRow("GE", "Georgia", "Γεωργία", NEIGHBOURHOOD, ETWINNING_PLUS, ("ka",)),
    CountryRow("MD", "Moldova", "Μολδαβία", NEIGHBOURHOOD, ETWINNING_PLUS, ("ro",)),
    CountryRow("UA", "Ukraine", "Ουκρανία", NEIGHBOURHOOD, ETWINNING_PLUS, ("uk",)),
    CountryRow("TN", "Tunisia", "Τυνησία", NEIGHBOURHOOD, ETWINNING_PLUS, ("ar", "fr")),
    CountryRow("JO", "Jordan", "Ιορδανία", NEIGHBOURHOOD, datetime.date(2018, 2, 1), ("ar",)),
    CountryRow("LB", "Lebanon", "Λίβανος", NEIGHBOURHOOD, datetime.date(2018, 1, 1), ("ar", "fr")),
    CountryRow("PS", "Palestine", "Παλαιστίνη", NEIGHBOURHOOD, datetime.date(2024, 2, 1), ("ar",)),
)


class RegionRow(NamedTuple):
    code: str  # ISO 3166-2
    name_en: str
    name_el: str


# --- Greece: the 13 regions (ISO 3166-2:GR letter codes) and their education directorates ---------------


class GreekUnit(NamedTuple):
    """A regional unit (or, in Attica and Thessaloniki, a sector) with its own primary and secondary directorate."""

    code: str
    name_en: str
    genitive_el: str  # "Διεύθυνση Πρωτοβάθμιας Εκπαίδευσης <genitive>"


class GreekRegion(NamedTuple):
    code: str
    name_en: str
    name_el: str
    genitive_el: str  # "Περιφερειακή Διεύθυνση Εκπαίδευσης <genitive>"
    units: tuple[GreekUnit, ...]


U = GreekUnit

GREEK_REGIONS: tuple[GreekRegion, ...] = (
    GreekRegion(
        "GR-A",
        "Eastern Macedonia and Thrace",
        "Ανατολική Μακεδονία και Θράκη",
        "Ανατολικής Μακεδονίας και Θράκης",
        (
            U("DRA", "Drama", "Δράμας"),
            U("EVR", "Evros", "Έβρου"),
            U("KAV", "Kavala", "Καβάλας"),
            U("XAN", "Xanthi", "Ξάνθης"),
            U("ROD", "Rhodope", "Ροδόπης"),
        ),
    ),
    GreekRegion(
        "GR-B",
        "Central Macedonia",
        "Κεντρική Μακεδονία",
        "Κεντρικής Μακεδονίας",
        (
            U("THE-E", "Eastern Thessaloniki", "Ανατολικής Θεσσαλονίκης"),
            U("THE-W", "Western Thessaloniki", "Δυτικής Θεσσαλονίκης"),
            U("IMA", "Imathia", "Ημαθίας"),
            U("KIL", "Kilkis", "Κιλκίς"),
            U("PEL", "Pella", "Πέλλας"),
            U("PIE", "Pieria", "Πιερίας"),
            U("SER", "Serres", "Σερρών"),
            U("CHA", "Chalkidiki", "Χαλκιδικής"),
        ),
    ),
    GreekRegion(
        "GR-C",
        "Western Macedonia",
        "Δυτική Μακεδονία",
        "Δυτικής Μακεδονίας",
        (
            U("GRE", "Grevena", "Γρεβενών"),
            U("KAS", "Kastoria", "Καστοριάς"),
            U("KOZ", "Kozani", "Κοζάνης"),
            U("FLO", "Florina", "Φλώρινας"),
        ),
    ),
    GreekRegion(
        "GR-D",
        "Epirus",
        "Ήπειρος",
        "Ηπείρου",
        (
            U("ART", "Arta", "Άρτας"),
            U("THS", "Thesprotia", "Θεσπρωτίας"),
            U("IOA", "Ioannina", "Ιωαννίνων"),
            U("PRE", "Preveza", "Πρέβεζας"),
        ),
    ),
    GreekRegion(
        "GR-E",
        "Thessaly",
        "Θεσσαλία",
        "Θεσσαλίας",
        (
            U("KAR", "Karditsa", "Καρδίτσας"),
            U("LAR", "Larissa", "Λάρισας"),
            U("MAG", "Magnesia", "Μαγνησίας"),
            U("TRI", "Trikala", "Τρικάλων"),
        ),
    ),
    GreekRegion(
        "GR-F",
        "Ionian Islands",
        "Ιόνια Νησιά",
        "Ιονίων Νήσων",
        (
            U("ZAK", "Zakynthos", "Ζακύνθου"),
            U("KER", "Corfu", "Κέρκυρας"),
            U("KEF", "Kefalonia", "Κεφαλληνίας"),
            U("LEF", "Lefkada", "Λευκάδας"),
        ),
    ),
    GreekRegion(
        "GR-G",
        "Western Greece",
        "Δυτική Ελλάδα",
        "Δυτικής Ελλάδας",
        (U("AIT", "Aetolia-Acarnania", "Αιτωλοακαρνανίας"), U("ACH", "Achaea", "Αχαΐας"), U("ILE", "Elis", "Ηλείας")),
    ),
    GreekRegion(
        "GR-H",
        "Central Greece",
        "Στερεά Ελλάδα",
        "Στερεάς Ελλάδας",
        (
            U("VOI", "Boeotia", "Βοιωτίας"),
            U("EVV", "Euboea", "Εύβοιας"),
            U("EVT", "Evrytania", "Ευρυτανίας"),
            U("FTH", "Phthiotis", "Φθιώτιδας"),
            U("FOK", "Phocis", "Φωκίδας"),
        ),
    ),
    GreekRegion(
        "GR-I",
        "Attica",
        "Αττική",
        "Αττικής",
        (
            U("ATH-A", "Athens A", "Α΄ Αθήνας"),
            U("ATH-B", "Athens B", "Β΄ Αθήνας"),
            U("ATH-C", "Athens C", "Γ΄ Αθήνας"),
            U("ATH-D", "Athens D", "Δ΄ Αθήνας"),
            U("ATT-E", "East Attica", "Ανατολικής Αττικής"),
            U("ATT-W", "West Attica", "Δυτικής Αττικής"),
            U("PIR", "Piraeus", "Πειραιά"),
        ),
    ),
    GreekRegion(
        "GR-J",
        "Peloponnese",
        "Πελοπόννησος",
        "Πελοποννήσου",
        (
            U("ARG", "Argolis", "Αργολίδας"),
            U("ARK", "Arcadia", "Αρκαδίας"),
            U("KOR", "Corinthia", "Κορινθίας"),
            U("LAK", "Laconia", "Λακωνίας"),
            U("MES", "Messenia", "Μεσσηνίας"),
        ),
    ),
    GreekRegion(
        "GR-K",
        "North Aegean",
        "Βόρειο Αιγαίο",
        "Βορείου Αιγαίου",
        (U("LES", "Lesvos", "Λέσβου"), U("SAM", "Samos", "Σάμου"), U("CHI", "Chios", "Χίου")),
    ),
    GreekRegion(
        "GR-L",
        "South Aegean",
        "Νότιο Αιγαίο",
        "Νοτίου Αιγαίου",
        (U("DOD", "Dodecanese", "Δωδεκανήσου"), U("KYK", "Cyclades", "Κυκλάδων")),
    ),
    GreekRegion(
        "GR-M",
        "Crete",
        "Κρήτη",
        "Κρήτης",
        (
            U("IRA", "Heraklion", "Ηρακλείου"),
            U("LAS", "Lasithi", "Λασιθίου"),
            U("RET", "Rethymno", "Ρεθύμνου"),
            U("CHN", "Chania", "Χανίων"),
        ),
    ),
)


class DirectorateRow(NamedTuple):
    code: str
    name_en: str
    name_el: str


def greek_directorates(region: GreekRegion) -> list[DirectorateRow]:
    """The regional directorate (PDE) and, per regional unit, its primary (ΔΙΠΕ) and secondary (ΔΙΔΕ) one."""
    rows = [
        DirectorateRow(
            "PDE",
            f"Regional Directorate of Education of {region.name_en}",
            f"Περιφερειακή Διεύθυνση Εκπαίδευσης {region.genitive_el}",
        )
    ]
    for unit in region.units:
        rows.append(
            DirectorateRow(
                f"DIPE-{unit.code}",
                f"Directorate of Primary Education of {unit.name_en}",
                f"Διεύθυνση Πρωτοβάθμιας Εκπαίδευσης {unit.genitive_el}",
            )
        )
        rows.append(
            DirectorateRow(
                f"DIDE-{unit.code}",
                f"Directorate of Secondary Education of {unit.name_en}",
                f"Διεύθυνση Δευτεροβάθμιας Εκπαίδευσης {unit.genitive_el}",
            )
        )
    return rows


R = RegionRow

# --- Regions of other countries (ISO 3166-2) --------------------------------------------------------------

REGIONS: dict[str, tuple[RegionRow, ...]] = {
    "GR": tuple(R(r.code, r.name_en, r.name_el) for r in GREEK_REGIONS),
    "IT": (
        R("IT-65", "Abruzzo", "Αμπρούτσο"),
        R("IT-77", "Basilicata", "Βασιλικάτα"),
        R("IT-78", "Calabria", "Καλαβρία"),
        R("IT-72", "Campania", "Καμπανία"),
        R("IT-45", "Emilia-Romagna", "Εμίλια-Ρομάνια"),
        R("IT-36", "Friuli Venezia Giulia", "Φρίουλι-Βενέτσια Τζούλια"),
        R("IT-62", "Lazio", "Λάτσιο"),
        R("IT-42", "Liguria", "Λιγουρία"),
        R("IT-25", "Lombardy", "Λομβαρδία"),
        R("IT-57", "Marche", "Μάρκε"),
        R("IT-67", "Molise", "Μολίζε"),
        R("IT-21", "Piedmont", "Πεδεμόντιο"),
        R("IT-75", "Apulia", "Απουλία"),
        R("IT-88", "Sardinia", "Σαρδηνία"),
        R("IT-82", "Sicily", "Σικελία"),
        R("IT-52", "Tuscany", "Τοσκάνη"),
        R("IT-32", "Trentino-South Tyrol", "Τρεντίνο-Άλτο Άντιτζε"),
        R("IT-55", "Umbria", "Ούμπρια"),
        R("IT-23", "Aosta Valley", "Κοιλάδα της Αόστης"),
        R("IT-34", "Veneto", "Βένετο"),
    ),
    "FR": (
        R("FR-ARA", "Auvergne-Rhône-Alpes", "Ωβέρνη-Ροδανός-Άλπεις"),
        R("FR-BFC", "Bourgogne-Franche-Comté", "Βουργουνδία-Φρανς-Κοντέ"),
        R("FR-BRE", "Brittany", "Βρετάνη"),
        R("FR-CVL", "Centre-Val de Loire", "Κέντρο-Κοιλάδα του Λίγηρα"),
        R("FR-20R", "Corsica", "Κορσική"),
        R("FR-GES", "Grand Est", "Γκραν Εστ"),
        R("FR-HDF", "Hauts-de-France", "Ω-ντε-Φρανς"),
        R("FR-IDF", "Île-de-France", "Ιλ-ντε-Φρανς"),
        R("FR-NOR", "Normandy", "Νορμανδία"),
        R("FR-NAQ", "Nouvelle-Aquitaine", "Νέα Ακουιτανία"),
        R("FR-OCC", "Occitanie", "Οξιτανία"),
        R("FR-PDL", "Pays de la Loire", "Χώρα του Λίγηρα"),
        R("FR-PAC", "Provence-Alpes-Côte d'Azur", "Προβηγκία-Άλπεις-Κυανή Ακτή"),
        # overseas regions
        R("FR-971", "Guadeloupe", "Γουαδελούπη"),
        R("FR-972", "Martinique", "Μαρτινίκα"),
        R("FR-973", "French Guiana", "Γαλλική Γουιάνα"),
        R("FR-974", "Réunion", "Ρεϊνιόν"),
        R("FR-976", "Mayotte", "Μαγιότ"),
    ),
    "ES": (
        R("ES-AN", "Andalusia", "Ανδαλουσία"),
        R("ES-AR", "Aragon", "Αραγονία"),
        R("ES-AS", "Asturias", "Αστούριας"),
        R("ES-IB", "Balearic Islands", "Βαλεαρίδες Νήσοι"),
        R("ES-CN", "Canary Islands", "Κανάριοι Νήσοι"),
        R("ES-CB", "Cantabria", "Κανταβρία"),
        R("ES-CL", "Castile and León", "Καστίλλη και Λεόν"),
        R("ES-CM", "Castilla-La Mancha", "Καστίλλη-Λα Μάντσα"),
        R("ES-CT", "Catalonia", "Καταλονία"),
        R("ES-VC", "Valencian Community", "Βαλενθιανή Κοινότητα"),
        R("ES-EX", "Extremadura", "Εξτρεμαδούρα"),
        R("ES-GA", "Galicia", "Γαλικία"),
        R("ES-MD", "Community of Madrid", "Κοινότητα της Μαδρίτης"),
        R("ES-MC", "Region of Murcia", "Μούρθια"),
        R("ES-NC", "Navarre", "Ναβάρρα"),
        R("ES-PV", "Basque Country", "Χώρα των Βάσκων"),
        R("ES-RI", "La Rioja", "Λα Ριόχα"),
        R("ES-CE", "Ceuta", "Θέουτα"),
        R("ES-ML", "Melilla", "Μελίγια"),
    ),
    "DE": (
        R("DE-BW", "Baden-Württemberg", "Βάδη-Βυρτεμβέργη"),
        R("DE-BY", "Bavaria", "Βαυαρία"),
        R("DE-BE", "Berlin", "Βερολίνο"),
        R("DE-BB", "Brandenburg", "Βρανδεμβούργο"),
        R("DE-HB", "Bremen", "Βρέμη"),
        R("DE-HH", "Hamburg", "Αμβούργο"),
        R("DE-HE", "Hesse", "Έσση"),
        R("DE-MV", "Mecklenburg-Western Pomerania", "Μεκλεμβούργο-Πομερανία"),
        R("DE-NI", "Lower Saxony", "Κάτω Σαξονία"),
        R("DE-NW", "North Rhine-Westphalia", "Βόρεια Ρηνανία-Βεστφαλία"),
        R("DE-RP", "Rhineland-Palatinate", "Ρηνανία-Παλατινάτο"),
        R("DE-SL", "Saarland", "Σάαρλαντ"),
        R("DE-SN", "Saxony", "Σαξονία"),
        R("DE-ST", "Saxony-Anhalt", "Σαξονία-Άνχαλτ"),
        R("DE-SH", "Schleswig-Holstein", "Σλέσβιχ-Χολστάιν"),
        R("DE-TH", "Thuringia", "Θουριγγία"),
    ),
    "PL": (
        R("PL-02", "Lower Silesian", "Κάτω Σιλεσία"),
        R("PL-04", "Kuyavian-Pomeranian", "Κουγιαβία-Πομερανία"),
        R("PL-06", "Lublin", "Λούμπλιν"),
        R("PL-08", "Lubusz", "Λούμπους"),
        R("PL-10", "Łódź", "Λοτζ"),
        R("PL-12", "Lesser Poland", "Μικρή Πολωνία"),
        R("PL-14", "Masovian", "Μαζοβία"),
        R("PL-16", "Opole", "Όπολε"),
        R("PL-18", "Subcarpathian", "Υποκαρπάθια"),
        R("PL-20", "Podlaskie", "Ποντλάσιε"),
        R("PL-22", "Pomeranian", "Πομερανία"),
        R("PL-24", "Silesian", "Σιλεσία"),
        R("PL-26", "Holy Cross", "Σβιετοκσίσκιε"),
        R("PL-28", "Warmian-Masurian", "Βαρμία-Μαζουρία"),
        R("PL-30", "Greater Poland", "Μεγάλη Πολωνία"),
        R("PL-32", "West Pomeranian", "Δυτική Πομερανία"),
    ),
    "CY": (
        R("CY-01", "Nicosia", "Λευκωσία"),
        R("CY-02", "Limassol", "Λεμεσός"),
        R("CY-03", "Larnaca", "Λάρνακα"),
        R("CY-04", "Famagusta", "Αμμόχωστος"),
        R("CY-05", "Paphos", "Πάφος"),
        R("CY-06", "Kyrenia", "Κερύνεια"),
    ),
}


# --- Support organisations ---------------------------------------------------------------------------------


class OrganisationRow(NamedTuple):
    name_en: str
    name_el: str
    website: str = ""


# Known NSOs (named in the background research); every other country gets a generic name that its
# staff can correct.
KNOWN_ORGANISATIONS: dict[str, OrganisationRow] = {
    "GR": OrganisationRow(
        "CTI Diophantus – eTwinning NSO Greece",
        "ΙΤΥΕ «Διόφαντος» – Εθνικός Οργανισμός Υποστήριξης eTwinning Ελλάδας",
        "https://www.etwinning.gr",
    ),
    "IT": OrganisationRow(
        "INDIRE – eTwinning NSO Italy",
        "INDIRE – Εθνικός Οργανισμός Υποστήριξης eTwinning Ιταλίας",
        "https://etwinning.indire.it",
    ),
    "ES": OrganisationRow(
        "INTEF – eTwinning NSO Spain",
        "INTEF – Εθνικός Οργανισμός Υποστήριξης eTwinning Ισπανίας",
        "https://etwinning.es",
    ),
    "AT": OrganisationRow(
        "OeAD – eTwinning NSO Austria",
        "OeAD – Εθνικός Οργανισμός Υποστήριξης eTwinning Αυστρίας",
        "https://etwinning.at",
    ),
    "CY": OrganisationRow(
        "IDEP Foundation – eTwinning NSO Cyprus",
        "Ίδρυμα IDEP – Εθνικός Οργανισμός Υποστήριξης eTwinning Κύπρου",
        "https://etwinning.idep.org.cy",
    ),
}

CSS_NAME = "Central Support Service (European Schoolnet)"
CSS_NAME_EL = "Κεντρική Υπηρεσία Υποστήριξης (European Schoolnet)"
CSS_WEBSITE = "https://school-education.ec.europa.eu/en/etwinning"


def support_organisation_kind(programme_type: str) -> str:
    """Neighbourhood countries have a Partner Support Agency; the others a National Support Organisation."""
    return "psa" if programme_type == NEIGHBOURHOOD else "nso"


def default_organisation_names(*, country_name_en: str, country_name_el: str, kind: str) -> tuple[str, str]:
    """(English, Greek) name for an organisation whose real name staff have not recorded yet."""
    if kind == "psa":
        return (
            f"eTwinning Partner Support Agency – {country_name_en}",
            f"Οργανισμός Υποστήριξης Εταίρων eTwinning – {country_name_el}",
        )
    return (
        f"eTwinning National Support Organisation – {country_name_en}",
        f"Εθνικός Οργανισμός Υποστήριξης eTwinning – {country_name_el}",
    )


# --- Loaders -------------------------------------------------------------------------------------------
# Rows are matched by code. Names (reference facts) are refreshed; what staff tune afterwards
# (programme dates, languages, consent age, e-mail domains, validation days, organisation names) is set
# only when the row is created, so running a loader again never undoes staff's edits.


def load_countries(*, Country: Any, Language: Any) -> int:
    languages = {lang.code: lang for lang in Language.objects.all()}
    for row in COUNTRIES:
        country, created = Country.objects.update_or_create(
            code=row.code,
            defaults={"name_en": row.name_en, "name_el": row.name_el},
            create_defaults={
                "name_en": row.name_en,
                "name_el": row.name_el,
                "programme_type": row.programme_type,
                "valid_from": row.valid_from,
                "age_of_digital_consent": row.age_of_digital_consent,
                "school_email_domains": row.school_email_domains,
                "typical_validation_days": 7,
            },
        )
        if created or not country.languages.exists():
            country.languages.set([languages[c] for c in row.languages if c in languages])
    return len(COUNTRIES)


def load_regions(*, Country: Any, Region: Any, EducationDirectorate: Any) -> int:
    countries = {c.code: c for c in Country.objects.filter(code__in=list(REGIONS))}
    count = 0
    for country_code, rows in REGIONS.items():
        country = countries.get(country_code)
        if country is None:
            continue
        for row in rows:
            Region.objects.update_or_create(
                country=country, code=row.code, defaults={"name_en": row.name_en, "name_el": row.name_el}
            )
            count += 1
    greece = countries.get("GR")
    if greece is not None:
        for greek_region in GREEK_REGIONS:
            region = Region.objects.get(country=greece, code=greek_region.code)
            for row in greek_directorates(greek_region):
                EducationDirectorate.objects.update_or_create(
                    region=region, code=row.code, defaults={"name_en": row.name_en, "name_el": row.name_el}
                )
    return count


def load_support_organisations(*, Country: Any, SupportOrganisation: Any) -> int:
    for country in Country.objects.all():
        kind = support_organisation_kind(country.programme_type)
        known = KNOWN_ORGANISATIONS.get(country.code)
        if known:
            name_en, name_el = known.name_en, known.name_el
        else:
            name_en, name_el = default_organisation_names(
                country_name_en=country.name_en, country_name_el=country.name_el, kind=kind
            )
        SupportOrganisation.objects.get_or_create(
            country=country,
            defaults={"kind": kind, "name_en": name_en, "name_el": name_el, "website": known.website if known else ""},
        )
    if not SupportOrganisation.objects.filter(kind="css").exists():
        SupportOrganisation.objects.create(
            kind="css", country=None, name_en=CSS_NAME, name_el=CSS_NAME_EL, website=CSS_WEBSITE
        )
    return Country.objects.count() + 1


def load_all(*, Country: Any, Language: Any, Region: Any, EducationDirectorate: Any, SupportOrganisation: Any) -> None:
    load_countries(Country=Country, Language=Language)
    load_regions(Country=Country, Region=Region, EducationDirectorate=EducationDirectorate)
    load_support_organisations(Country=Country, SupportOrganisation=SupportOrganisation)

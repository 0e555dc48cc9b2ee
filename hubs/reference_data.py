"""The network's reference data: the founding hubs and the facility tags (`manage.py seed`).

What the seed says about each founding hub is what public sources say, nothing more: the fact
sheet `founding-hubs.md` (kept beside DESIGN.md) lists every fact with its source and year, and the
source of each fact used is named here. Places, not people: the names of individuals in the
sources are left out, and so is every fact the sheet marks ⚠. Hub managers confirm or correct all of
it; the seed fills only fields that are empty and that nobody has edited (services.py).
"""

from typing import NamedTuple

from hubs.counties import County

# (slug, Norwegian name, English name)
FACILITIES = [
    ("fleksibel-plass", "Fleksibel arbeidsplass", "Flexible desk"),
    ("fast-plass", "Fast arbeidsplass", "Dedicated desk"),
    ("kontor", "Eget kontor", "Private office"),
    ("motterom", "Møterom", "Meeting room"),
    ("arrangementslokale", "Arrangementslokale", "Event space"),
    ("telefonboks", "Telefonboks", "Phone booth"),
    ("kjokken", "Kjøkken", "Kitchen"),
    ("kafe", "Kafé", "Café"),
    ("verksted", "Verksted", "Workshop"),
    ("studio", "Foto- og lydstudio", "Photo and sound studio"),
    ("dusj", "Dusj", "Shower"),
    ("sykkelparkering", "Sykkelparkering", "Bike parking"),
    ("dognapent", "Døgnåpent for medlemmer", "Open around the clock for members"),
]


class FoundingHub(NamedTuple):
    """A founding hub: where it is, and what public sources say about it.

    Coordinates are the city centre until a manager sets the hub's own spot. `facts` are profile
    fields (website, address, tagline_nb, …); `facilities` are slugs of FACILITIES."""

    name: str
    slug: str
    city: str
    county: str
    latitude: str
    longitude: str
    facts: dict[str, object] = {}  # read only: one shared empty dict
    facilities: tuple[str, ...] = ()


FOUNDING_HUBS = [
    FoundingHub(
        "657",
        "657",
        "Oslo",
        County.OSLO,
        "59.91390",
        "10.75220",
        facts={
            # http://www.657.no/work-work-speeds-growth-gaming-companies/ (the site's own page)
            "website": "http://www.657.no",
            # http://kultmag.no/2014/kjempevekst-for-kreativt-fellesskap (2014): the street only
            "address": "Fredensborgveien",
            # https://interiorogmobler.no/artikler/bevart-historie-og-tilf%C3%B8rt-identitet
            "tagline_nb": "Kontorfellesskap for kreative næringer i en gammel fabrikk på "
            "Fredensborg i Oslo sentrum",
            "tagline_en": "Coworking for the creative industries in an old factory building at "
            "Fredensborg, central Oslo",
            # kultmag.no (2014): founded 2012; discovercoworking.com/?p=1860: named after its
            # first 657 m², later c. 2,500 m²; interiorogmobler.no: the studio, the event space
            # (also rented out privately) and the community managers.
            "description_nb": "Et kontorfellesskap for kreative næringer, senere også for kreative "
            "teknologigründere, i en gammel fabrikkbygning på Fredensborg. 657 ble startet i 2012 "
            "og har navnet sitt etter de første 657\u00a0kvadratmeterne; senere har det vokst "
            "til om lag 2\u00a0500\u00a0m².\n\nHer er et podkast- og webcaststudio, et "
            "arrangementslokale som også kan leies privat, og egne community managers.",
            "description_en": "A coworking space for the creative industries, later also for "
            "creative tech start-ups, in an old factory building at Fredensborg. 657 started in "
            "2012 and is named after its first 657\u00a0square metres; it has since grown to "
            "about 2,500\u00a0m².\n\nIt has a podcast and webcast studio, an event space that can "
            "also be rented privately, and its own community managers.",
        },
        facilities=("studio", "arrangementslokale"),
    ),
    FoundingHub(
        "Impact HUB Bergen",
        "impact-hub-bergen",
        "Bergen",
        County.VESTLAND,
        "60.39130",
        "5.32210",
        facts={
            # https://bergen.impacthub.net/2020-innovating-during-a-pandemic/ (2020)
            "website": "https://bergen.impacthub.net",
            # https://bergen.impacthub.net/author/julia-winslow/ (2021)
            "tagline_nb": "Senter for sosial innovasjon: kontorfellesskap, programmer, kurs og "
            "mentorering for sosiale entreprenører",
            "tagline_en": "A centre for social innovation: coworking plus programmes, courses and "
            "mentoring for social entrepreneurs",
            # https://bergen.impacthub.net/impact-hub-bergen-5-ar-del-2-byggeprosessen/ (2016)
            "description_nb": "Et senter for sosial innovasjon som kombinerer kontorfellesskap "
            "med programmer, kurs og mentorering for sosiale entreprenører. Impact HUB Bergen "
            "åpnet i 2011 og holder til i et om lag 300\u00a0år gammelt hus på UNESCOs "
            "verdensarvliste.",
            "description_en": "A centre for social innovation that combines coworking with "
            "programmes, courses and mentoring for social entrepreneurs. Impact HUB Bergen opened "
            "in 2011 and is housed in a building some 300\u00a0years old on the UNESCO World "
            "Heritage List.",
        },
    ),
    FoundingHub(
        "WorkWork",
        "workwork",
        "Trondheim",
        County.TRONDELAG,
        "63.43050",
        "10.39510",
        facts={
            # https://kit.ntnu.no/en/content/game-test-work-work-munkegata-58 (2020)
            "address": "Munkegata 58",
            # https://lifeinnorway.net/work-work-creative-lab
            "tagline_nb": "Kafé, kontorfellesskap og spillab for spillutviklere og andre "
            "kreative bedrifter",
            "tagline_en": "A café, coworking offices and a gaming lab for game developers and "
            "other creative firms",
            # https://www.adressa.no/nyheter/okonomi/2016/01/02/Mer-jobb-i-Midtbyen-11981315.ece
            # (2016): the floors and the meeting room; lifeinnorway.net: the basement, Hackheim.
            # The opening year is left out: the sources disagree (2015 or 2016).
            "description_nb": "Kafé på gateplan, kontorfellesskap i andre etasje og etablerte "
            "bedrifter i toppetasjen, med møterom, midt i Trondheim. I kjelleren står "
            "shuffleboard, spillkonsoller og flipperspill, og makerspacet Hackheim holder til i "
            "samme bygg.",
            "description_en": "A café on the ground floor, coworking on the second floor and "
            "established firms on the top floor, with a meeting room, in central Trondheim. The "
            "basement has shuffleboards, game consoles and pinball machines, and the Hackheim "
            "maker space is in the same building.",
        },
        facilities=("kafe", "motterom"),
    ),
    FoundingHub(
        "Flow",
        "flow",
        "Tromsø",
        County.TROMS,
        "69.64920",
        "18.95530",
        facts={
            # http://www.flownorway.com/news (all three facts)
            "website": "http://www.flownorway.com",
            "tagline_nb": "Gründerhus og kontorfellesskap for oppstartsbedrifter i Tromsø sentrum",
            "tagline_en": "An entrepreneur house and coworking space for start-ups in central "
            "Tromsø",
            "description_nb": "Gründerhuset Flow er et kontorfellesskap for oppstartsbedrifter i "
            "Tromsø sentrum. Medlemmene kan bruke ledig kapasitet hos Norinnova, og omvendt, i "
            "samarbeid med Start UiT.",
            "description_en": "Gründerhuset Flow is a coworking space for start-ups in central "
            "Tromsø. Its members may use spare capacity at Norinnova, and the other way round, "
            "together with Start UiT.",
        },
    ),
    FoundingHub(
        "Innovation Dock",
        "innovation-dock",
        "Stavanger",
        County.ROGALAND,
        "58.97000",
        "5.73310",
        facts={
            # https://www.nrk.no/rogaland/28-grundere-ma-flytte-ut-av-kontorene-sine-pa-grunn-av-
            # hoye-strompriser-1.16086959 (2022). Its ⚠ status (notice to leave) is left out.
            "tagline_nb": "Gründer- og kontorfellesskap med lav husleie for små bedrifter i "
            "tidlig fase",
            "tagline_en": "A low-rent start-up and coworking house for small early-stage firms",
            "description_nb": "Et gründerhus med lav husleie for små bedrifter i tidlig fase, i "
            "et stort, hvitt bygg i Stavangers østre bydel. Leietakerne har egen pult og deler "
            "fellesarealene.",
            "description_en": "A low-rent start-up house for small early-stage firms, in a large "
            "white building in Stavanger's eastern district. Tenants have a desk of their own and "
            "share the common areas.",
        },
        facilities=("fast-plass",),
    ),
    FoundingHub(
        "Blender Collective",
        "blender-collective",
        "Fredrikstad",
        County.OSTFOLD,
        "59.21810",
        "10.92980",
        facts={
            # https://kunnskapsverket.org/nyheter/blender-collective-pa-flyttefot-til-sentrum
            # (2018): the address from November 2018 and c. 900 m²
            "address": "Nygaardsgata 33",
            # https://www.fredrikstadsentrum.no/magasin/blender-i-byn (2018)
            "tagline_nb": "Klynge for kreative næringer med kontorfellesskap, prosjektlab og "
            "akselerator",
            "tagline_en": "A creative-industry cluster combining coworking, a project lab and an "
            "accelerator",
            # https://kandusi.no/blender-collective-tar-hele-ostfold/: Arena Magica, Halden
            "description_nb": "En klynge for kreative næringer som samler kontorfellesskap, en "
            "prosjektlab og en akselerator. Blender Collective vokste ut av den kreative klyngen "
            "Arena Magica og har også et sted i Halden. Siden november 2018 holder den til i "
            "gågata i Fredrikstad sentrum, på om lag 900\u00a0m².",
            "description_en": "A creative-industry cluster that brings together coworking, a "
            "project lab and an accelerator. Blender Collective grew out of the creative cluster "
            "Arena Magica and also has a place in Halden. Since November 2018 it has been on the "
            "pedestrian street in central Fredrikstad, in about 900\u00a0m².",
        },
    ),
    FoundingHub(
        "Fabrikken",
        "fabrikken",
        "Lillehammer",
        County.INNLANDET,
        "61.11530",
        "10.46620",
        facts={
            # https://www.fabrikken.org/no/om-fabrikken/historie/ (c. 2024), every fact
            "website": "https://www.fabrikken.org",
            "address": "Busmoen",
            "area": 1200,
            "tagline_nb": "Næringssenter for kreative og kulturelle bedrifter i Steen & Strøms "
            "gamle møbelfabrikk",
            "tagline_en": "A business centre for creative and cultural firms in the former Steen "
            "& Strøm furniture factory",
            "description_nb": "Et næringssenter for kreative og kulturelle bedrifter i Steen & "
            "Strøms tidligere møbelfabrikk på Busmoen, åpent for publikum. Fabrikken startet i "
            "2005 med 20 leietakere; i dag er her om lag 30 bedrifter og 60 mennesker på "
            "1\u00a0200\u00a0m², og Fabrikken har 90 aksjonærer.",
            "description_en": "A business centre for creative and cultural firms in the former "
            "Steen & Strøm furniture factory at Busmoen, open to the public. Fabrikken started in "
            "2005 with 20 tenants; today it houses about 30 firms and 60 people in "
            "1,200\u00a0m², and Fabrikken has 90 shareholders.",
        },
    ),
    FoundingHub(
        "Beta",
        "beta",
        "Vågå",
        County.INNLANDET,
        "61.87530",
        "9.09670",
        facts={
            # https://www.dagsavisen.no/debatt/2019/01/24/coworking-pa-norsk-mer-enn-fancy-
            # kontorhotell/ (2019) names it as a coworking place in Vågå, and says no more.
            "tagline_nb": "Kontorfellesskap i Vågå",
            "tagline_en": "A coworking space in Vågå",
        },
    ),
    FoundingHub(
        "InkubatorSalten",
        "inkubatorsalten",
        "Bodø",
        County.NORDLAND,
        "67.28040",
        "14.40490",
        facts={
            # http://www.inkubatorsalten.no/aktuelt/inkubator-salten-utvider-til-vesteralen-og-
            # lofoten/ (c. 2018), every fact
            "website": "http://www.inkubatorsalten.no",
            "tagline_nb": "Bedriftsinkubator i Sivas nasjonale inkubasjonsprogram",
            "tagline_en": "A business incubator in Siva's national incubation programme",
            "description_nb": "En bedriftsinkubator i Sivas nasjonale inkubasjonsprogram, mer "
            "inkubator enn kontorfellesskap. Fra januar 2019 dekker den også Vesterålen og "
            "Lofoten, gjennom partnere der.",
            "description_en": "A business incubator in Siva's national incubation programme, "
            "more an incubator than a coworking space. Since January 2019 it has also covered "
            "Vesterålen and Lofoten, through partners there.",
        },
    ),
    # CoWorks: the sources give only its name (spelled three ways) and its town.
    FoundingHub("CoWorks", "coworks", "Kristiansand", County.AGDER, "58.14670", "7.99560"),
    FoundingHub(
        "Brodahls GummivareFabrikk",
        "brodahls-gummivarefabrikk",
        "Drammen",
        County.BUSKERUD,
        "59.74400",
        "10.20450",
        facts={
            # https://brodahlsgummivarefabrik.no/historien-om-brodahls-gummivarefabrik/ (the
            # site's own history, c. 2015), every fact
            "website": "https://brodahlsgummivarefabrik.no",
            "tagline_nb": "Kreativt kontorfellesskap i en gammel gummivarefabrikk på Gamle "
            "Grønland i Drammen",
            "tagline_en": "A creative office community in an old rubber factory in the Gamle "
            "Grønland area of Drammen",
            "description_nb": "Gummivarefabrikken ble grunnlagt i 1915 og produserte til 1989. I "
            "2015 ble den rehabilitert som et bygg for mange slags bruk, med et kreativt "
            "kontorfellesskap, bar og restaurant, og tennisbane og aktivitetspark på taket.",
            "description_en": "The rubber factory was founded in 1915 and made goods until 1989. "
            "In 2015 it was rehabilitated as a mixed-use building, with a creative office "
            "community, a bar and restaurant, and a tennis court and multi-use park on the roof.",
        },
    ),
]

"""The network's reference data: the founding hubs and the facility tags (`manage.py seed`)."""

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

# (name, slug, city, county, latitude, longitude): coordinates are the city centre until a
# manager sets the hub's own address.
FOUNDING_HUBS = [
    ("657", "657", "Oslo", County.OSLO, "59.91390", "10.75220"),
    ("Impact HUB Bergen", "impact-hub-bergen", "Bergen", County.VESTLAND, "60.39130", "5.32210"),
    ("WorkWork", "workwork", "Trondheim", County.TRONDELAG, "63.43050", "10.39510"),
    ("Flow", "flow", "Tromsø", County.TROMS, "69.64920", "18.95530"),
    ("Innovation Dock", "innovation-dock", "Stavanger", County.ROGALAND, "58.97000", "5.73310"),
    (
        "Blender Collective",
        "blender-collective",
        "Fredrikstad",
        County.OSTFOLD,
        "59.21810",
        "10.92980",
    ),
    ("Fabrikken", "fabrikken", "Lillehammer", County.INNLANDET, "61.11530", "10.46620"),
    ("Beta", "beta", "Vågå", County.INNLANDET, "61.87530", "9.09670"),
    ("InkubatorSalten", "inkubatorsalten", "Bodø", County.NORDLAND, "67.28040", "14.40490"),
    ("CoWorks", "coworks", "Kristiansand", County.AGDER, "58.14670", "7.99560"),
    (
        "Brodahls GummivareFabrikk",
        "brodahls-gummivarefabrikk",
        "Drammen",
        County.BUSKERUD,
        "59.74400",
        "10.20450",
    ),
]

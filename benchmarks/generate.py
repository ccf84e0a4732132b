"""Generate a deterministic benchmark vault: contact cards, groups, events and daily notes.

    python benchmarks/generate.py [OUT] --contacts 10000 [--seed 1] [--force]

The same seed and size give a byte-identical vault (one random stream, consumed in a fixed
order; nothing depends on hash order or the clock). Cards look like the sample vault's, about
4 KB each: front matter (company, email, phone, tier, stage, pipeline, offers and needs from
one overlapping vocabulary, met/met_at linking groups and events, introduced_by linking another
contact), one or two body paragraphs, and a ``## Log`` of 10-20 dated entries of every kind,
with the links of referrals, intros, meetings and events. Beside them: about N/500 groups,
N/100 events with their people lists, N/20 daily notes mentioning people, and
``.netnotes/config.toml`` with tiers and synonyms.

OUT defaults to benchmarks/vaults/contacts-N-seedS. An existing OUT is replaced only with
--force and only if this script made it (it holds .netnotes/generated.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
import unicodedata
from pathlib import Path

GENERATOR_VERSION = 1
TODAY = dt.date(2026, 11, 20)
HERE = Path(__file__).resolve().parent
MARKER = ".netnotes/generated.json"



def _fold(text: str) -> str:
    """How netnotes compares names: accents and case do not count (Zoe is Zoë)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _unique(names: list[str]) -> list[str]:
    """Drop later spellings of a name seen already (Zoe after Zoë, Alvarez and Álvarez)."""
    seen: set[str] = set()
    out = []
    for name in names:
        if _fold(name) not in seen:
            seen.add(_fold(name))
            out.append(name)
    return out


FIRST = """
Aaron Abigail Adam Adrian Ahmed Aisha Alain Alex Alexandra Alice Amanda Amir Amy Ana Andrea Andrew
Angela Anita Anna Anne Anthony Arjun Ashley Barbara Beatriz Ben Benoit Beth Bianca Brandon Brian
Bruno Camille Carla Carlos Carmen Caroline Catherine Charles Chen Chloe Chris Christine Claire
Claude Colin Connor Craig Cynthia Daniel Daniela David Deborah Denis Derek Dev Diana Diego Dimitri
Dmitri Donna Doug Duncan Dylan Eduardo Elena Eli Elizabeth Ella Emily Emma Eric Erin Esther Ethan
Eva Evan Fatima Felix Fernando Fiona Francis Frank Gabriel Gabrielle Gary George Georgia Gordon
Grace Greg Hannah Hassan Heather Helen Hélène Henry Hiroshi Hugo Ian Imran Ines Irene Isabel
Isabelle Ivan Jack Jacob James Jane Janet Jason Javier Jean Jennifer Jeremy Jessica Jin Joan Joel
John Jordan José Joseph Joshua Julia Julie Julien Justin Karen Karim Kate Katherine Kayla Keith
Kelly Ken Kenji Kevin Kim Kyle Laura Lauren Layla Leah Leo Li Liam Linda Lisa Liu Louis Lucas Lucia
Luis Luc Maya Madeleine Manon Marc Marco Maria Marie Mark Martin Mary Mathieu Matthew Max Maya
Meera Megan Mei Melissa Michael Michelle Miguel Mike Mohamed Monica Nadia Nancy Naomi Natalie
Nathan Neil Nicholas Nicole Nina Noah Olivia Omar Oscar Owen Pablo Patricia Patrick Paul Peter
Philippe Pierre Priya Rachel Rafael Raj Ramon Rebecca Renée Ricardo Richard Rick Rita Robert Robin
Rohan Ryan Sacha Samuel Sam Sandra Sara Sarah Scott Sean Sergei Shannon Simon Sofia Sophie Stephanie
Stephen Steve Susan Suresh Sylvie Takeshi Tamara Tariq Teresa Theo Thomas Tim Tom Tony Tracy
Valérie Vanessa Victor Vikram Vincent Wei William Yasmin Yuki Yves Zainab Zoë Zoe Élodie
""".split()
FIRST = _unique(FIRST)

LAST = """
Abbott Adams Ahmed Alvarez Álvarez Anderson Andrews Arnaud Bailey Baker Banerjee Barnes Beaulieu
Bell Benali Bennett Bergeron Bianchi Bishop Black Blanchard Boucher Bouchard Boyd Brooks Brown
Bruno Burke Butler Campbell Carter Castillo Chan Chang Chapman Chen Cheng Choi Clark Cloutier Cole
Collins Cooper Costa Côté Cox Crawford Cruz Cunningham Das Davies Davis Dawson Desjardins Diaz Dixon
Dubois Dufour Duncan Dupont Edwards Ellis Evans Farah Ferguson Fernandes Fischer Fleming Fontaine
Ford Foster Fournier Fraser Gagnon Garcia Gauthier Gervais Gibson Gill Girard Gomez Gonzalez
Gordon Graham Grant Gray Green Grewal Gupta Haddad Hall Hamilton Hansen Harris Hassan Hayes Henderson
Hill Ho Holmes Hughes Hunt Hussain Ibrahim Iyer Jackson James Jensen Johnson Jones Joshi Kaur Kelly
Kennedy Khan Kim King Kowalski Kumar Lacroix Lam Lambert Laurent Lavoie Lee Lefebvre Leblanc Lemieux
Lewis Li Lin Liu Lopez MacDonald MacLeod Malhotra Martin Martinez Mason Matthews McAllister
McDonald McKenzie Meyer Miller Mitchell Moore Morales Moreau Morin Morris Murphy Murray Nair Nakamura
Nguyen Nelson Novak O'Brien O'Connor Okafor Olsen Ortiz Owen Palmer Park Parker Patel Pelletier
Perez Perry Peters Phillips Pike Poirier Porter Price Quinn Ramirez Reid Reyes Richard Richardson
Roberts Robertson Robinson Rodriguez Rogers Rossi Roy Russell Ryan Saini Sanchez Santos Schmidt
Scott Shah Sharma Simard Simpson Singh Smith Sousa Stewart Sullivan Sutherland Suzuki Tanaka Taylor
Thibault Thomas Thompson Tremblay Turner Vasquez Vega Verma Wagner Walker Wallace Wang Ward Watson
Webb Wells White Whitfield Whitlock Williams Wilson Wong Wood Wright Wu Yamamoto Yang Young Yusuf
Zhang Zhou
""".split()
LAST = _unique(LAST)

# profession -> (roles, what they offer); offers and needs share this vocabulary
PROFESSIONS: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (("Web designer", "Owner"), ("web design", "WordPress", "SEO", "e-commerce sites"), ("Studio", "Digital", "Web")),
    (("Bookkeeper", "Owner"), ("bookkeeping", "payroll", "small-business tax"), ("Bookkeeping", "Accounting")),
    (("CPA", "Partner"), ("accounting", "tax planning", "audits"), ("CPA", "Accounting", "& Associates")),
    (("Business lawyer", "Partner"), ("legal", "contracts", "incorporation"), ("Law", "Legal", "LLP")),
    (("Insurance broker",), ("insurance", "commercial insurance", "group benefits"), ("Insurance", "Brokers")),
    (("Financial planner",), ("financial planning", "retirement planning", "succession planning"), ("Wealth", "Financial")),
    (("Realtor", "Broker"), ("residential real estate", "home staging"), ("Realty", "Real Estate")),
    (("Commercial realtor",), ("commercial real estate", "office space", "leasing"), ("Commercial Realty", "Properties")),
    (("HR consultant", "Principal"), ("HR consulting", "recruiting", "workplace investigations"), ("HR", "People Partners")),
    (("IT consultant", "Owner"), ("IT support", "managed IT", "cybersecurity"), ("IT", "Tech", "Systems")),
    (("Photographer",), ("photography", "product photos", "headshots"), ("Photography", "Studio")),
    (("Videographer",), ("video production", "drone footage"), ("Films", "Media")),
    (("Graphic designer",), ("graphic design", "branding", "logo design"), ("Design", "Creative")),
    (("Marketing consultant", "Owner"), ("marketing", "social media", "email marketing"), ("Marketing", "Agency")),
    (("Copywriter",), ("copywriting", "content writing", "grant writing"), ("Words", "Content")),
    (("Printer", "Owner"), ("printing", "signage", "trade show displays"), ("Print", "Signs")),
    (("Florist", "Owner"), ("flowers", "event florals"), ("Flowers", "Petals")),
    (("Caterer", "Chef"), ("catering", "corporate lunches"), ("Catering", "Kitchen")),
    (("Event planner",), ("event planning", "venue booking"), ("Events", "Occasions")),
    (("Electrician", "Owner"), ("electrical", "lighting", "EV chargers"), ("Electric", "Electrical")),
    (("Plumber", "Owner"), ("plumbing", "heating"), ("Plumbing", "Mechanical")),
    (("General contractor", "Owner"), ("general contractor", "renovations", "office fit-outs"), ("Construction", "Builders")),
    (("Architect",), ("architecture", "interior design"), ("Architects", "Design Studio")),
    (("Mechanic", "Owner"), ("auto repair", "fleet maintenance"), ("Auto", "Motors")),
    (("Cleaning company owner",), ("commercial cleaning", "janitorial"), ("Cleaning", "Maintenance")),
    (("Executive coach", "Coach"), ("life coaching", "executive coaching", "leadership training"), ("Coaching", "Leadership")),
    (("Business coach",), ("business coaching", "strategy"), ("Growth", "Advisors")),
    (("Banker", "Account manager"), ("business banking", "small-business loans"), ("Bank", "Credit Union")),
    (("Mortgage broker",), ("mortgages", "refinancing"), ("Mortgages", "Lending")),
    (("Translator",), ("translation", "French translation"), ("Translations", "Language")),
    (("Physiotherapist",), ("physiotherapy", "ergonomics"), ("Physio", "Wellness")),
    (("Personal trainer",), ("personal training", "corporate wellness"), ("Fitness", "Wellness")),
    (("Software developer", "Founder"), ("software development", "mobile apps", "automation"), ("Software", "Labs")),
    (("Data consultant",), ("data analysis", "dashboards"), ("Analytics", "Data")),
    (("Travel agent",), ("corporate travel", "group travel"), ("Travel", "Journeys")),
    (("Moving company owner",), ("moving", "storage"), ("Movers", "Logistics")),
    (("Landscaper", "Owner"), ("landscaping", "snow removal"), ("Landscaping", "Gardens")),
    (("Restaurant owner",), ("restaurant", "private dining"), ("Bistro", "Kitchen")),
    (("Baker", "Owner"), ("baking", "custom cakes"), ("Bakery", "Bakehouse")),
    (("Dentist",), ("dentistry",), ("Dental", "Smiles")),
]
# needs people write that are not exactly an offer: the config's synonyms tie them together
EXTRA_NEEDS = ("website", "accountant", "lawyer", "office space", "commercial insurance", "coach",
               "photographer", "new customers", "referrals", "a bigger office", "online ordering",
               "business lawyer", "HR consultant", "web designer", "bookkeeper", "investors")
SYNONYMS = {
    "bookkeeping": ["bookkeeper", "accounting", "accountant", "bookkeeping services"],
    "web design": ["web designer", "website", "web developer"],
    "insurance": ["insurance broker", "commercial insurance", "business insurance"],
    "life coaching": ["life coach", "coach", "executive coaching"],
    "legal": ["lawyer", "business lawyer", "attorney"],
    "commercial real estate": ["commercial real estate agent", "office space", "a bigger office"],
    "HR consulting": ["HR consultant", "recruiting"],
    "photography": ["photographer", "product photos", "headshots"],
}
STAGES = ("met", "know", "like", "trust")
PIPELINES = ("none", "lead", "prospect", "customer", "partner")
ADJECTIVES = ("Northern", "Maple", "Bluewater", "Capital", "Granite", "Red Oak", "Riverside", "Summit",
              "Harbour", "Pine", "Cedar", "Bright", "True North", "Lakeside", "Rideau", "Bytown", "Kanata",
              "Westboro", "Glebe", "Orleans", "Silver", "Golden", "Evergreen", "Clearview", "Ironwood")
PLACES = ("Ottawa", "Ottawa South", "Ottawa East", "Kanata", "Orleans", "Nepean", "Barrhaven", "Gatineau",
          "Westboro", "the Glebe", "Centretown", "Stittsville", "Manotick", "Carleton Place", "Almonte",
          "Arnprior", "Perth", "Rockland", "Kemptville", "Vanier", "Hull", "Aylmer", "Chelsea", "Wakefield",
          "Smiths Falls", "Brockville", "Cornwall", "Pembroke", "Renfrew", "Hawkesbury")
GROUP_KINDS = (("BNI", "BNI {place} Referrals", "Weekly breakfast referral group"),
               ("Rotary", "Rotary Club of {place}", "Service club, lunch on Tuesdays"),
               ("Chamber", "{place} Chamber of Commerce", "Chamber of commerce; monthly mixers"),
               ("Golf", "{place} Golf Club", "Golf club; men's and women's leagues"),
               ("Women", "Women in Business {place}", "Monthly luncheon and speaker"),
               ("Toastmasters", "Toastmasters {place}", "Public speaking club, every other Thursday"),
               ("Startup", "{place} Startup Meetup", "Founders and the people who serve them"),
               ("Lions", "Lions Club of {place}", "Service club, fundraisers"),
               ("Board", "{place} BIA board", "Business improvement area board"),
               ("Alumni", "{place} Alumni Network", "University alumni chapter"),
               ("Coworking", "{place} Coworking Collective", "Shared office, Friday socials"),
               ("Trade", "{place} Trades Association", "Contractors and trades"))
EVENT_KINDS = ("breakfast", "mixer", "lunch", "holiday social", "visitor day", "golf tournament",
               "speaker night", "trade show", "charity gala", "workshop", "networking evening")
VENUES = ("the Lord Elgin", "Bytown Brewery", "Union Local 613", "the Rideau Club", "Shaw Centre",
          "the Westin", "Kanata Golf Club", "Beyond the Pale", "City Hall", "the public library",
          "Bridgehead on Bank St", "the Chateau Laurier", "a member's office", "Lansdowne Park")
TIERS = (("A", 5), ("B", 20), ("C", 45), ("", 30))
LOG_KINDS = (("call", 15), ("email", 12), ("message", 7), ("coffee", 14), ("lunch", 7), ("meeting", 8),
             ("meeting at", 7), ("intro", 5), ("intro received", 2), ("referral given", 4),
             ("referral received", 3), ("sale", 6), ("note", 5))
TOPICS = ("year-end planning", "their hiring plans", "a new location", "slow summer sales", "cash flow",
          "a client who pays late", "moving to a bigger office", "their new website", "succession",
          "a partnership offer", "the holiday rush", "their first employee", "a government grant",
          "rising costs", "a big contract they just won", "a trade show next month", "their referral group")
TEXTS = (
    "talked about {topic}; asked how I can help. They need {need}.",
    "caught up on {topic}. Promised to send them a contact for {need}.",
    "{first} is looking for {need} and asked whether I know anyone good.",
    "quick check-in about {topic}; nothing to act on, but warm.",
    "sent an article about {topic} that I thought {first} would like.",
    "follow-up from last time; {first} found someone for {need} already.",
    "long conversation about {topic}. Good energy; follow up in a month.",
    "asked for feedback on my services page; {first} suggested adding prices.",
    "{first} mentioned a friend who needs {offer}; I sent my card.",
    "thanked me for the introduction last month; it turned into work.",
    "met for an hour at {venue}; talked about {topic} and about {need}.",
    "left a voicemail about {topic}; {first} called back the next day.",
    "shared notes on {topic}; {first} wants to meet again before the holidays.",
)
BODY = (
    "{first} runs {company}, a {size} business in {place} doing {offer}.",
    "We met through {met_at_text} and have kept in touch since.",
    "Reliable, answers the phone, and honest about quotes: my go-to for anyone who needs {offer}.",
    "Their customers are mostly owner-run businesses with 5 to 50 employees, which is exactly who I serve.",
    "Looking for {need} and for more referrals from people who see their customers first.",
    "Prefers a call to an email; mornings are best, never on Fridays.",
    "Has been in business for {years} years and knows everyone in {place}.",
    "Spouse works at the hospital; two kids in hockey, so weekends are busy.",
    "Good connector: sits on the board of the {place} business association.",
    "Struggles with {topic}; I offered to introduce someone who has been through it.",
    "Wants to grow without taking on debt; careful with money, pays on time.",
    "Sent me two customers last year and never asked for anything in return.",
    "Not a fit as a customer right now, but a great source of introductions.",
    "Speaks English and French; works with a lot of clients on the Quebec side.",
    "Started out at a big firm downtown and went independent when the second kid was born.",
    "Their busy season is spring; from May to August they barely answer email.",
    "Knows the owners of half the restaurants on Elgin Street, which is useful for introductions.",
    "Asked me twice about {topic}; I should send them the checklist I give new clients.",
    "Would be a great fit for anyone in my network who needs {offer}, especially trades.",
    "Sits on the committee that organises the holiday social; always looking for sponsors.",
    "Shares my posts on LinkedIn and comments on most of them, so keep them in the loop.",
    "Had a rough year in 2024 after losing their biggest client, but they are growing again now.",
)


def _weighted(pairs) -> tuple[list, list[int]]:
    values, weights = zip(*pairs)
    cum, total = [], 0
    for w in weights:
        total += w
        cum.append(total)
    return list(values), cum


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _money(rng: random.Random) -> str:
    cents = rng.choice((150, 250, 275, 300, 350, 375, 400, 450, 480, 520, 600, 650, 900, 1200, 1850,
                        2400, 3000, 4500, 7800, 12000))
    if rng.random() < 0.15:
        return f"{cents} CAD"
    return f"${cents:,}"


def _links(names) -> str:
    return "[" + ", ".join(f'"[[{n}]]"' for n in names) + "]"


def _yaml_list(items) -> str:
    return "[" + ", ".join(items) + "]"


class Vault:
    """Everything decided before writing: names, memberships, events, who met whom where."""

    def __init__(self, contacts: int, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.n = contacts
        self.names = self._names(contacts)
        n_groups = max(2, round(contacts / 500))
        n_events = max(3, round(contacts / 100))
        n_daily = max(5, round(contacts / 20))
        self.groups = self._groups(n_groups)
        self.members: list[list[int]] = [[] for _ in self.groups]
        self.contact_groups: list[list[int]] = []
        for i in range(contacts):
            k = rng.choices((0, 1, 2, 3), (25, 45, 22, 8))[0]
            gs = sorted(rng.sample(range(len(self.groups)), min(k, len(self.groups))))
            self.contact_groups.append(gs)
            for g in gs:
                self.members[g].append(i)
        self.events = self._events(n_events)
        self.attended: list[list[int]] = [[] for _ in range(contacts)]
        for e, (_title, _date, _g, people) in enumerate(self.events):
            for p in people:
                self.attended[p].append(e)
        start = TODAY - dt.timedelta(days=max(4 * 365, int(n_daily * 1.5)))
        span = (TODAY - start).days
        self.daily = sorted(start + dt.timedelta(days=d) for d in rng.sample(range(span + 1), n_daily))

    def _names(self, n: int) -> list[str]:
        rng = self.rng
        f, l = len(FIRST), len(LAST)
        plain = min(n, f * l)
        picks = rng.sample(range(f * l), plain)
        names = [f"{FIRST[p // l]} {LAST[p % l]}" for p in picks]
        seen = set(names)
        while len(names) < n:  # beyond every first x last pair: middle initials
            name = f"{rng.choice(FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST)}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def _groups(self, n: int) -> list[tuple[str, str, str]]:
        out, seen = [], set()
        combos = [(k, p) for k in range(len(GROUP_KINDS)) for p in range(len(PLACES))]
        self.rng.shuffle(combos)
        for i in range(n):
            k, p = combos[i % len(combos)]
            short, pattern, blurb = GROUP_KINDS[k]
            name = pattern.format(place=PLACES[p])
            if name in seen:
                name = f"{name} {i // len(combos) + 1}"
            seen.add(name)
            out.append((name, short, blurb))
        return out

    def _events(self, n: int) -> list[tuple[str, dt.date, int, list[int]]]:
        rng = self.rng
        out, seen = [], set()
        first = dt.date(2019, 1, 1)
        span = (TODAY - first).days
        for _ in range(n):
            date = first + dt.timedelta(days=rng.randrange(span + 1))
            g = rng.randrange(len(self.groups))
            title = f"{date.isoformat()} {self.groups[g][1]} {rng.choice(EVENT_KINDS)}"
            while title in seen:
                title += " 2"
            seen.add(title)
            size = rng.randint(5, 30)
            pool = self.members[g]
            from_group = rng.sample(pool, min(len(pool), size * 2 // 3))
            others = [rng.randrange(self.n) for _ in range(size - len(from_group))]
            people = sorted(set(from_group + others))
            out.append((title, date, g, people))
        out.sort(key=lambda e: (e[1], e[0]))
        return out


def contact_card(v: Vault, i: int, kinds, kind_cum, tier_vals, tier_cum) -> str:
    rng = v.rng
    name = v.names[i]
    first = name.split(" ")[0]
    last = name.rsplit(" ", 1)[-1]
    roles, offers_pool, suffixes = PROFESSIONS[rng.randrange(len(PROFESSIONS))]
    company = (f"{last} {rng.choice(suffixes)}" if rng.random() < 0.4
               else f"{rng.choice(ADJECTIVES)} {rng.choice(suffixes)}")
    domain = _ascii(company)[:24] or f"company{i}"
    local = ".".join(p for p in (_ascii(first), _ascii(last)) if p) or f"contact{i}"
    offers = rng.sample(offers_pool, rng.randint(1, len(offers_pool)))
    need_pool = rng.choice(PROFESSIONS)[1] + EXTRA_NEEDS
    needs = sorted(set(rng.sample(need_pool, rng.randint(0, 3))) - set(offers))
    place = rng.choice(PLACES)
    groups = [v.groups[g][0] for g in v.contact_groups[i]]
    events = [v.events[e] for e in v.attended[i]]
    if events and rng.random() < 0.8:
        met_title, met, _g, _p = events[0]
        met_at = f'"[[{met_title}]]"'
        met_at_text = f"the {met_title[11:]}"
    else:
        met = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange((TODAY - dt.date(2019, 1, 1)).days - 3))
        if groups and rng.random() < 0.7:
            met_at = f'"[[{groups[0]}]]"'
            met_at_text = groups[0]
        else:
            met_at = rng.choice(("LinkedIn message, then a call", "a conference in Toronto",
                                 "a friend's barbecue", "my kids' hockey team", "a client's office"))
            met_at_text = met_at
    introduced_by = v.names[rng.randrange(v.n)] if rng.random() < 0.25 else None
    if introduced_by == name:
        introduced_by = None
    tier = tier_vals[_pick(rng, tier_cum)]
    stage = rng.choice(STAGES)
    pipeline = rng.choices(PIPELINES, (30, 20, 15, 25, 10))[0]

    fm = ["---"]
    if rng.random() < 0.1:
        fm.append(f"tags: [resource/{offers[0].lower().replace(' ', '-')}]")
    fm.append(f"company: {company}")
    fm.append(f"role: {rng.choice(roles)}")
    fm.append(f"email: {local}@{domain}.example")
    fm.append(f'phone: "+1 613 555 {rng.randrange(10000):04d}"')
    if rng.random() < 0.5:
        fm.append(f"website: https://{domain}.example")
    fm.append(f"met: {met.isoformat()}")
    fm.append(f"met_at: {met_at}")
    if introduced_by:
        fm.append(f'introduced_by: "[[{introduced_by}]]"')
    if groups:
        fm.append(f"groups: {_links(groups)}")
    if tier:
        fm.append(f"tier: {tier}")
    fm.append(f"stage: {stage}")
    fm.append(f"pipeline: {pipeline}")
    fm.append(f"offers: {_yaml_list(offers)}")
    if needs:
        fm.append(f"needs: {_yaml_list(needs)}")
    if rng.random() < 0.15:
        fm.append(f"birthday: {rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    if rng.random() < 0.05:
        fm.append(f"next_followup: {(TODAY + dt.timedelta(days=rng.randint(-60, 60))).isoformat()}")
    fm.append("---")

    need_word = needs[0] if needs else "new customers"
    fill = {"first": first, "company": company, "size": rng.choice(("small", "growing", "family", "two-person")),
            "place": place, "offer": offers[0], "need": need_word, "met_at_text": met_at_text,
            "years": rng.randint(2, 30), "topic": rng.choice(TOPICS)}
    sentences = [s.format(**fill) for s in rng.sample(BODY, rng.randint(6, 13))]
    cut = len(sentences) if rng.random() < 0.2 else rng.randint(3, len(sentences) - 3)
    paragraphs = [" ".join(sentences[:cut]), " ".join(sentences[cut:])] if cut < len(sentences) \
        else [" ".join(sentences)]
    if rng.random() < 0.1:
        paragraphs.append(f"Related: [[{v.names[rng.randrange(v.n)]}]] works with them. #{place.split()[-1].lower()}")

    if rng.random() < 0.8:
        paragraphs.append("## Notes\n" + "\n".join(
            "- " + t.format(first=first, topic=rng.choice(TOPICS), need=need_word,
                            offer=rng.choice(offers), venue=rng.choice(VENUES))
            for t in rng.sample(TEXTS, rng.randint(3, 7))))
    log = _log(v, i, rng, met, events, groups, first, offers, needs, kinds, kind_cum)
    return "\n".join(fm) + "\n" + "\n\n".join(paragraphs) + "\n\n## Log\n" + "\n".join(log) + "\n"


def _pick(rng: random.Random, cum: list[int]) -> int:
    x = rng.random() * cum[-1]
    for k, c in enumerate(cum):
        if x < c:
            return k
    return len(cum) - 1


def _log(v: Vault, i, rng, met, events, groups, first, offers, needs, kinds, kind_cum) -> list[str]:
    # most people go quiet at some point: the last touch is anywhere between met and today
    days = (TODAY - met).days
    if rng.random() < 0.03:
        last = days  # touched this week or so
    else:
        last = int(days * rng.random() ** 0.6)
    count = rng.randint(10, 20)
    entries: list[tuple[dt.date, str]] = []
    for title, date, _g, _p in events:
        entries.append((date, f"event at [[{title}]]: {rng.choice(('saw', 'met', 'sat with'))} {first} there; "
                              f"talked about {rng.choice(TOPICS)}."))
    while len(entries) < count:
        date = met + dt.timedelta(days=rng.randint(0, max(0, last)))
        kind = kinds[_pick(rng, kind_cum)]
        other = v.names[rng.randrange(v.n)]
        fill = {"first": first, "topic": rng.choice(TOPICS), "need": rng.choice(needs) if needs else "referrals",
                "offer": rng.choice(offers), "venue": rng.choice(VENUES)}
        picked = rng.sample(TEXTS, 1 if rng.random() < 0.1 else 3 if rng.random() < 0.25 else 2)
        text = " ".join(t[0].upper() + t[1:] for t in (p.format(**fill) for p in picked))
        text = text if text.startswith(first) else text[0].lower() + text[1:]
        if kind == "meeting at":
            head = f"meeting at [[{rng.choice(groups)}]]" if groups else "meeting"
        elif kind == "intro":
            head = f"intro [[{other}]]"
            text = f"introduced {first} to {other.split(' ')[0]}, who needs {fill['offer']}."
        elif kind == "intro received":
            head = f"intro received [[{other}]]"
            text = f"{first} introduced me to {other.split(' ')[0]}; coffee booked."
        elif kind == "referral given":
            head = rng.choice((f"referral given [[{other}]]", f"referral given to [[{other}]]"))
            text = f"sent {other.split(' ')[0]} to {first} for {fill['offer']}."
        elif kind == "referral received":
            head = f"referral received [[{other}]]"
            text = f"{first} sent me {other.split(' ')[0]}, who needs a bookkeeper."
        elif kind == "sale":
            head = f"sale {_money(rng)}"
            text = rng.choice(("monthly bookkeeping, Q{q}; paid on time.", "year-end and tax return.",
                               "payroll set-up for {n} employees.", "clean-up of two years of books.",
                               "HST filing and catch-up; paid in two instalments.")).format(
                q=rng.randint(1, 4), n=rng.randint(2, 40))
        else:
            head = kind
        entries.append((date, f"{head}: {text}"))
    entries.sort(key=lambda e: e[0], reverse=True)
    return [f"- {d.isoformat()} {t}" for d, t in entries]


def group_note(v: Vault, g: int) -> str:
    rng = v.rng
    name, short, blurb = v.groups[g]
    members = v.members[g]
    shown = [v.names[m] for m in rng.sample(members, min(len(members), 6))]
    status = "disbanded" if rng.random() < 0.1 else "active"
    lines = ["---", "type: group", f"status: {status}",
             f"website: https://{_ascii(name)[:30]}.example", "---", f"# {name}", "",
             f"{blurb}. I joined in {rng.randint(2019, 2026)} and go when I can; "
             f"{len(members)} of my contacts are members.", ""]
    if shown:
        lines += ["## People worth knowing", *[f"- [[{s}]]" for s in shown], ""]
    lines += ["Judge a group by the long run, not by the first two meetings.", ""]
    return "\n".join(lines)


def event_note(v: Vault, e: int) -> str:
    rng = v.rng
    title, date, g, people = v.events[e]
    names = [v.names[p] for p in people]
    mention = ", ".join(n.split(" ")[0] for n in names[:3])
    return "\n".join([
        "---", "type: event", f"date: {date.isoformat()}", f'group: "[[{v.groups[g][0]}]]"',
        f"location: {rng.choice(VENUES)}", f"people: {_links(names)}", "---",
        f"{title[11:].capitalize()}. {rng.choice(('Good night', 'Busy room', 'Quiet turnout', 'Great speaker'))}: "
        f"spent most of it with {mention}.", ""])


def daily_note(v: Vault, date: dt.date) -> str:
    rng = v.rng
    lines = []
    for _ in range(rng.randint(1, 4)):
        who = [v.names[rng.randrange(v.n)] for _ in range(rng.randint(1, 3))]
        links = " and ".join(f"[[{w}]]" for w in who)
        lines.append(f"- {rng.choice(('Ran into', 'Lunch with', 'Call with', 'Emailed', 'Thought of'))} "
                     f"{links}: {rng.choice(TOPICS)}.")
    if rng.random() < 0.2:
        lines.append(f"- See [[{v.events[rng.randrange(len(v.events))][0]}]].")
    lines.append(rng.choice(("- [ ] send invoices", "- [ ] update the books", "Quiet day.", "")))
    return "\n".join(lines) + "\n"


def config_toml() -> str:
    out = ['[vault]', 'currency = "CAD"', '', '[tiers]', 'A = "3w"', 'B = "2m"', 'C = "6m"', '',
           '[followups]', 'going_cold_tiers = ["A"]', 'going_cold_after = 2.0', '', '[synonyms]']
    for key, words in SYNONYMS.items():
        k = key if key.replace("-", "").isalnum() else f'"{key}"'
        out.append(f"{k} = [{', '.join(json.dumps(w) for w in words)}]")
    out += ['', '[reviews]', 'folder = "Reviews"', '']
    return "\n".join(out)


def me_note() -> str:
    return ("---\ntype: me\nname: Dana Okafor\ncompany: Okafor Bookkeeping\nrole: Bookkeeper\n"
            "offers: [bookkeeping, small-business tax, payroll]\n"
            "needs: [commercial real estate agent, HR consultant, business lawyer]\n---\n"
            "# Dana Okafor\n\nIndependent bookkeeper. Generated benchmark vault.\n")


def generate(out: Path, contacts: int, seed: int = 1) -> dict:
    """Write the vault into ``out`` (which must not exist or be empty); return its summary."""
    v = Vault(contacts, seed)
    kinds, kind_cum = _weighted(LOG_KINDS)
    tier_vals, tier_cum = _weighted(TIERS)
    for sub in ("People", "Groups", "Events", "Daily", ".netnotes"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    total = 0

    def write(rel: str, text: str) -> None:
        nonlocal total
        data = text.encode("utf-8")
        total += len(data)
        with open(out / rel, "wb") as fh:
            fh.write(data)

    card_bytes = 0
    for i, name in enumerate(v.names):
        before = total
        write(f"People/{name}.md", contact_card(v, i, kinds, kind_cum, tier_vals, tier_cum))
        card_bytes += total - before
    for g in range(len(v.groups)):
        write(f"Groups/{v.groups[g][0]}.md", group_note(v, g))
    for e in range(len(v.events)):
        write(f"Events/{v.events[e][0]}.md", event_note(v, e))
    for d in v.daily:
        write(f"Daily/{d.isoformat()}.md", daily_note(v, d))
    write("Me.md", me_note())
    write(".netnotes/config.toml", config_toml())
    summary = {"generator": GENERATOR_VERSION, "seed": seed, "contacts": contacts,
               "groups": len(v.groups), "events": len(v.events), "daily_notes": len(v.daily),
               "bytes": total, "mean_card_bytes": round(card_bytes / max(1, contacts))}
    write(MARKER, json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return summary


def default_out(contacts: int, seed: int) -> Path:
    return HERE / "vaults" / f"contacts-{contacts}-seed{seed}"


def prepare(out: Path, force: bool) -> None:
    """Make sure ``out`` is free; with force, remove a vault this script generated earlier."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"error: {out} exists and is not empty (use --force to replace a generated vault)")
        if not (out / MARKER).is_file():
            raise SystemExit(f"error: {out} was not made by generate.py ({MARKER} is missing); not removing it")
        shutil.rmtree(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, help="output folder (default: benchmarks/vaults/contacts-N-seedS)")
    ap.add_argument("--contacts", type=int, default=10000, help="number of contact cards (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace OUT if generate.py made it")
    args = ap.parse_args(argv)
    if args.contacts < 1:
        ap.error("--contacts must be at least 1")
    out = args.out or default_out(args.contacts, args.seed)
    prepare(out, args.force)
    t0 = time.perf_counter()
    s = generate(out, args.contacts, args.seed)
    print(f"{out}: {s['contacts']} contacts (mean {s['mean_card_bytes']} B), {s['groups']} groups, "
          f"{s['events']} events, {s['daily_notes']} daily notes, {s['bytes'] / 1e6:.1f} MB "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A realistic Swedish kata log drawn from the case study "En vecka i taget", for `retro demo`.

Ten weekly target conditions across the case study's four levels, lived through the real rules:
each week is created at its own time, its experiments are planned with their expectations
first, started, sometimes amended, then completed with what happened and what was learned —
so the demo can never hold a record the app itself would refuse. The last week is this week:
one experiment done, one running and due for follow-up, one starting today, two planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from retro.domain.clock import next_working_day
from retro.domain.kata import (
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
    activate,
    focus,
    lock_due,
)

LEADER = "Jonas"
TEAM = "Plattform"


@dataclass
class Step:
    step: str
    expect: str
    owner: str = LEADER
    happened: str = ""
    learned: str = ""
    as_expected: str = ""
    amend: tuple[str, str, str] | None = None  # field, text, reason
    abandon: str = ""
    obstacle: int | None = 0
    team: bool = False


@dataclass
class Week:
    area: str
    title: str
    current: str
    outcome: str
    pattern: str
    reflection: str
    obstacles: list[tuple[str, str]]  # text, status at the end of the week
    steps: list[Step]
    close_as: str = "achieved"
    notes: str = ""
    coaching: dict[str, str] = field(default_factory=dict)


CHALLENGE = (
    "Ett ledarskap som skapar riktning och förutsättningar, så att teamet leder sig självt",
    "Att leda på fyra nivåer samtidigt: mitt personliga ledarskap, oss chefer tillsammans, organisationens "
    "förmåga att hantera komplexitet och teamets självledarskap. Inte allt på en gång – en vecka i taget.",
    "Ett team som tar ansvar och ställer krav på varandra – och på mig.",
)

WEEKS: list[Week] = [
    Week(
        "personal",
        "Konflikter tas i gemensamma dialogsamtal i stället för att jag medlar i enskilda samtal",
        "Jag medlar i 1:1-samtal med var och en; samma konflikt kommer tillbaka efter några veckor.",
        "Parterna pratar med varandra, inte via mig.",
        "Jag bjuder in båda, håller ramen och ställer frågor; de formulerar själva nästa steg.",
        "Dialogsamtalet fungerade bättre än jag trodde. Min roll är att hålla ramen, inte att lösa konflikten.",
        [("Jag är rädd att ett gemensamt samtal ska spåra ur", "resolved"),
         ("Svårt att hitta en tid som passar båda", "set-aside")],
        [
            Step("Förbereda det första dialogsamtalet med coachen: frågor, ramar och hur jag bryter om det blir hett",
                 "Jag känner mig tryggare och har tre öppna frågor att börja med",
                 happened="Vi skrev fem frågor och en öppning. Jag sov bättre natten före.",
                 learned="Förberedelsen handlar mest om min egen trygghet – ramarna betyder mer än frågorna.",
                 as_expected="yes"),
            Step("Bjuda in Sara och Ali till ett gemensamt samtal om releaseplaneringen, med coachen som stöd",
                 "De pratar till mig i stället för med varandra, och de första tio minuterna blir spända",
                 happened="Efter fem minuter vände sig Ali direkt till Sara. De enades om en gemensam checklista.",
                 learned="När jag tiger och bara frågar tar de själva över – jag behövde inte medla alls.",
                 as_expected="partly", team=True),
            Step("Fråga Sara och Ali efter två dagar hur checklistan fungerar",
                 "Checklistan används, men de har inte pratat mer med varandra",
                 owner="Sara",
                 happened="De hade redan justerat checklistan tillsammans två gånger.",
                 learned="Ett gemensamt samtal skapar en relation som lever vidare utan mig.",
                 as_expected="no", team=True),
        ],
    ),
    Week(
        "team",
        "Vi har ett retroformat som fungerar i hybridmöten och slutar i experiment, inte i en åtgärdslista",
        "Retron är ett samtal i rummet; de på distans hörs knappt och vi slutar med tio punkter som ingen följer upp.",
        "Alla hörs lika mycket och varje retro slutar i högst två experiment med skrivna förväntningar.",
        "Alla skriver i samma kanal; vi börjar med förra veckans experiment och slutar i nya.",
        "Formatet håller. Nyckeln var att alla skriver i chatten och att vi slutar i experiment, inte åtgärder.",
        [("De på distans hör inte vad som sägs i rummet", "resolved"),
         ("Vi vill lösa allt i mötet", "parked")],
        [
            Step("Låta alla skriva sina lappar i mötets chatt, även de som sitter i rummet",
                 "Fler lappar från de på distans, men de i rummet tycker att det är krångligt",
                 happened="Dubbelt så många lappar. Två i rummet klagade första kvarten, sedan gick det.",
                 learned="Samma kanal för alla gör dem på distans jämbördiga.",
                 as_expected="yes", team=True),
            Step("Avsluta retron med högst två experiment, vart och ett med en skriven förväntan",
                 "Teamet tycker att två är för lite och vill lägga till åtgärder",
                 amend=("expectation", "Teamet vill ha tre experiment, inte två",
                        "Tre teman fick lika många röster"),
                 happened="Vi valde två. Ingen saknade åtgärdslistan.",
                 learned="Färre saker blir faktiskt gjorda – gränsen frigör.",
                 as_expected="partly", obstacle=1, team=True),
            Step("Börja nästa retro med att gå igenom förra veckans experiment",
                 "Det tar fem minuter och känns som en kontroll",
                 happened="Det tog femton minuter och blev mötets bästa samtal.",
                 learned="Uppföljningen är där lärandet syns – ge den tid.",
                 as_expected="no", obstacle=1, team=True),
        ],
    ),
    Week(
        "leaders",
        "Vi tre chefer möts två gånger i veckan, en halvtimme, för en gemensam bild av avdelningen",
        "Vi ses bara i 1:1-möten; var och en har sin egen bild av avdelningen.",
        "En gemensam bild och samordning innan problem når teamen.",
        "Tisdag och torsdag 8.30, fast agenda, beslut skrivs ner.",
        "Rytmen sitter. Friktionerna mellan teamen har redan minskat; nästa steg är hur vi tar emot krav uppifrån.",
        [("Kalendrarna är fulla veckor framåt", "resolved"),
         ("Oklart vad mötet ska handla om", "resolved")],
        [
            Step("Föreslå Maria och Henrik ett stående möte tisdag och torsdag 8.30",
                 "De tycker att det är en bra idé men vill börja om några veckor",
                 happened="Båda sa ja direkt. Henrik flyttade ett annat möte för att kunna börja redan nu.",
                 learned="Jag var inte ensam om att sakna helheten.",
                 as_expected="no"),
            Step("Ha en fast agenda: vad händer hos dig, vad behöver vi bestämma, vad kommer uppifrån",
                 "Mötet blir strukturerat men stelt",
                 happened="Vi hann alla tre punkterna och det kändes inte stelt.",
                 learned="En enkel agenda gör det lätt att hålla tiden.",
                 as_expected="partly", obstacle=1),
            Step("Ta upp ett nytt initiativ från ledningen på torsdagsmötet och bedöma det tillsammans",
                 "Vi tycker olika och hinner inte bestämma oss",
                 happened="Vi enades om att avvakta två veckor och sa samma sak till våra team.",
                 learned="Ett gemensamt 'vänta' ger mer stabilitet nedåt än tre olika ja.",
                 as_expected="no", obstacle=1),
        ],
    ),
    Week(
        "personal",
        "Jag tar med ämnen till min chef för feedback, beslut och uppföljning – inte bara information",
        "Mina avstämningar med Lena är en statusrapport.",
        "Varje avstämning har minst en fråga där jag ber om feedback eller ett beslut.",
        "Jag skickar frågorna dagen före och följer upp besluten veckan efter.",
        "Att be om beslut och feedback ökade förtroendet åt båda hållen. Uppföljningen blev inte av – den tar jag vidare.",
        [("Jag vill inte verka osäker inför min chef", "resolved")],
        [
            Step("Skicka två frågor till Lena före avstämningen: en om prioriteringar, en om rekryteringen",
                 "Hon svarar kort och vi pratar ändå mest status",
                 happened="Hon hade förberett sig och vi ägnade hela mötet åt prioriteringarna.",
                 learned="Att be om beslut är inte att verka osäker – det gav henne något att göra.",
                 as_expected="no"),
            Step("Be Lena om feedback på hur jag hanterade konflikten i teamet",
                 "Det blir obekvämt och hon säger bara att det gick bra",
                 happened="Hon gav två konkreta råd och berättade om en liknande situation hon själv haft.",
                 learned="Förtroendet växer åt båda hållen när jag visar vad jag brottas med.",
                 as_expected="no"),
            Step("Följa upp beslutet om prioriteringarna på nästa avstämning",
                 "Hon har glömt beslutet och vi får ta diskussionen igen",
                 abandon="Lena var sjuk hela veckan; uppföljningen får vänta till nästa avstämning."),
        ],
    ),
    Week(
        "team",
        "Teamet har tydlighet, flöde och förutsägbarhet: en veckoplan som håller hela veckan",
        "Jag hoppar mellan trådar och teamet får nya besked flera gånger om dagen.",
        "Nya ärenden väntar till måndagens planering om de inte brinner.",
        "En lista för nya ärenden, inga meddelanden efter 16, planen syns för alla vid standup.",
        "Mitt kaos syntes mer för teamet än jag trodde. Planen höll fyra dagar av fem.",
        [("Mitt eget multitrådade arbetssätt", "resolved"),
         ("Brådskande ärenden utifrån", "parked")],
        [
            Step("Samla alla nya ärenden till teamet i en lista och ta dem på måndagsmötet i stället för direkt",
                 "Det känns långsamt för mig men teamet märker ingen skillnad",
                 happened="Elin sa på fredagen att det var första veckan hon hann klart det hon planerat.",
                 learned="Mitt kaos syns mer för teamet än jag trodde.",
                 as_expected="no", team=True),
            Step("Inte skicka några meddelanden till teamet efter klockan 16",
                 "Jag bryter mot det minst två gånger",
                 happened="Jag bröt en gång, för ett driftstopp.",
                 learned="Det mesta kan vänta till i morgon – undantagen är få.",
                 as_expected="partly"),
            Step("Visa veckoplanen på skärmen i rummet vid standup varje morgon",
                 "Vi följer planen bättre och frågar mindre om vad som gäller",
                 amend=("step", "Visa veckoplanen i det delade dokumentet vid standup",
                        "Skärmen i rummet syns inte för dem på distans"),
                 happened="Frågorna om vad som gäller försvann nästan helt.",
                 learned="Det som ska gälla alla måste synas för alla – även på distans.",
                 as_expected="yes", obstacle=1, team=True),
        ],
    ),
    Week(
        "organisation",
        "Nya initiativ från ledningen bedöms gemensamt av oss tre chefer innan de når teamen",
        "Initiativ landar hos varje team för sig och vi svarar olika.",
        "Ett gemensamt svar till ledningen och samma besked till alla team.",
        "Initiativen samlas i ett dokument och bedöms på torsdagsmötet.",
        "Ett gemensamt svar uppfattades som ansvar, inte motstånd. Vi behåller torsdagsbedömningen.",
        [("Initiativen kommer via olika kanaler", "resolved")],
        [
            Step("Samla veckans initiativ från ledningen i ett gemensamt dokument",
                 "Vi hittar två eller tre initiativ",
                 happened="Vi hittade sju, varav tre överlappade varandra.",
                 learned="Mängden var större än någon av oss såg ensam.",
                 as_expected="no"),
            Step("Svara ledningen gemensamt om vilka initiativ vi tar nu och vilka som får vänta",
                 "Ledningen blir irriterad över att vi väntar med några",
                 owner="Maria",
                 happened="Ledningen tackade för en tydlig prioritering.",
                 learned="Ett gemensamt svar uppfattas som ansvar, inte motstånd.",
                 as_expected="no"),
        ],
    ),
    Week(
        "team",
        "Fokustid: skyddade förmiddagar två dagar i veckan för koncentrerat arbete",
        "Alla avbryts hela tiden; djuparbete blir gjort på kvällar.",
        "Tisdag och torsdag förmiddag utan möten och utan support för de flesta.",
        "Kalenderblock för alla, en person har supporten och får en egen eftermiddag i utbyte.",
        "Jag var själv det största hindret. Fokustiden behöver en tydlig väg för det som verkligen brinner.",
        [("Möten bokas in på förmiddagarna ändå", "resolved"),
         ("Supportärenden kräver snabba svar", "resolved")],
        [
            Step("Blockera tisdag och torsdag förmiddag i allas kalendrar",
                 "Två möten bokas in ändå",
                 happened="Ett möte bokades – av mig.",
                 learned="Jag är själv det största hindret för fokustiden.",
                 as_expected="partly", team=True),
            Step("Låta Kim ha supporten på fokusförmiddagarna, mot en egen ostörd eftermiddag",
                 "Kim tycker att det är orättvist",
                 owner="Kim",
                 happened="Kim gillade att ha en hel eftermiddag ostörd.",
                 learned="Rättvist betyder inte lika – fråga individen.",
                 as_expected="no", obstacle=1, team=True),
            Step("Fråga teamet på retron om fokustiden gjort skillnad",
                 "De flesta säger ja, men några saknar snabba svar",
                 happened="Precis så: sex av åtta sa ja, två saknade snabba svar på akuta frågor.",
                 learned="Fokustid behöver en tydlig väg för det som brinner.",
                 as_expected="yes", team=True),
        ],
    ),
    Week(
        "team",
        "Två i teamet som vill ta mer ansvar leder var sin del av planeringen",
        "Jag leder all planering; teamet väntar på mig för beslut.",
        "Två teammedlemmar leder varsin del och jag deltar som en i gruppen.",
        "Jag frågar vad var och en vill växa i innan jag fördelar något.",
        "Jag gissade fel om vem som ville vad. Att fråga först gav mer än att fördela.",
        [("Jag vet inte säkert vem som vill ta mer ansvar", "resolved")],
        [
            Step("Fråga i 1:1-samtalen vad var och en vill växa i",
                 "Sara och Ali vill ta mer ansvar",
                 happened="Sara och Elin ville; Ali ville hellre fördjupa sig tekniskt.",
                 learned="Jag gissade fel om Ali – fråga innan du fördelar.",
                 as_expected="partly"),
            Step("Låta Sara leda måndagens planering",
                 "Hon blir osäker och tittar på mig",
                 owner="Sara",
                 happened="Hon ledde tryggt och avslutade tio minuter tidigt.",
                 learned="Min närvaro kan vara det som gör andra osäkra.",
                 as_expected="no", team=True),
            Step("Hjälpa Ali att skapa en skyddad zon för sitt djuparbete",
                 "Han uppskattar det men säger inte så mycket",
                 happened="Han sa att det var första gången någon frågat.",
                 learned="Att uppmuntra djup är också ledarskap.",
                 as_expected="yes"),
        ],
        coaching={"obstacles": "Jag vet inte vem som vill vad. Det är det jag tar nu."},
    ),
    Week(
        "organisation",
        "Det nya ansvarsområdet är integrerat i teamet med en tydlig ägare",
        "Ett nytt område har landat hos oss utan att någon äger det.",
        "Området har en ägare i teamet och en plats i veckoplanen.",
        "Dialog om varför först, sedan ägarskap med en veckovis avstämning.",
        "Meningsskapande före fördelning. Elin äger området och teamet förstår varför det är vårt.",
        [("Området ligger utanför teamets domän", "resolved"),
         ("Oklart vad ledningen förväntar sig av oss", "resolved")],
        [
            Step("Ha ett dialogmöte med teamet om varför området kommer till oss",
                 "Teamet blir frustrerat över mer arbete",
                 happened="Frustrationen kom, men vände när vi pratade om vad området kan ge oss.",
                 learned="Meningsskapande före fördelning.",
                 as_expected="partly", team=True),
            Step("Låta Elin äga området, med en kort avstämning varje fredag",
                 "Elin tackar ja men är orolig för tiden",
                 owner="Elin",
                 amend=("owner", "Elin och Kim", "Kim har jobbat med området förut och erbjöd sig att stötta"),
                 happened="Elin tackade ja; med Kim som stöd var hon inte orolig.",
                 learned="Ägarskap blir lättare att ta när man inte är ensam.",
                 as_expected="partly", obstacle=1, team=True),
        ],
        coaching={"obstacles": "Området ligger utanför vår domän; teamet ser inte varför det är vårt."},
    ),
    Week(
        "personal",
        "Jag ställer fler frågor än jag ger svar i teamets möten",
        "Jag svarar på de flesta frågor innan någon annan hunnit tänka.",
        "Teamet löser frågorna i mötet; jag frågar mer än jag svarar.",
        "Jag väntar innan jag svarar, och svarar med en motfråga när jag kan.",
        "",
        [("Jag vill vara till hjälp och svarar av reflex", "working"),
         ("Mötena är korta och det känns snabbare att bara svara", "parked")],
        [
            Step("Räkna mina frågor och svar på standup (Kim för streck)",
                 "Jag svarar ungefär tre gånger så ofta som jag frågar",
                 happened="Elva svar och två frågor.",
                 learned="Det är värre än jag trodde – jag märker inte själv när jag svarar.",
                 as_expected="no", team=True),
            Step("Vänta tio sekunder innan jag svarar på en fråga i planeringsmötet",
                 "Någon annan hinner svara på minst hälften av frågorna",
                 amend=("expectation", "Någon annan svarar på några frågor, men mötet drar över tiden",
                        "Planeringsmötet kortades till 20 minuter"),
                 obstacle=1, team=True),
            Step("Svara med en motfråga första gången någon frågar mig något i dag",
                 "Det känns konstlat och personen blir irriterad"),
            Step("Be Sara leda fredagens avstämning medan jag bara lyssnar och frågar",
                 "Jag kommer att vilja gå in och svara minst två gånger",
                 team=True),
            Step("Fråga teamet på retron om de märkt någon skillnad i hur jag deltar",
                 "Några har märkt att jag tiger mer, men ingen vet varför",
                 team=True),
        ],
        notes="Ali verkar ha det tungt hemma just nu – ta det varsamt i 1:1 och inte i gruppen.",
        coaching={"obstacles": "Jag svarar av reflex. Det är det hindret jag tar nu."},
    ),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _working_days_after(day: date, n: int) -> date:
    for _ in range(n):
        day = next_working_day(day)
    return day


def build_demo(now: datetime) -> list[object]:
    """The whole demo log as new, unsaved objects, created through the domain's own rules."""
    today = now.date()
    # This week's target condition was set three days ago; the nine before it a week apart.
    last_start = now - timedelta(days=3)
    objs: list[object] = []
    title, statement, vision = CHALLENGE
    first_start = last_start - timedelta(weeks=len(WEEKS) - 1)
    ch = Challenge.create(title, first_start - timedelta(days=1), statement=statement, vision=vision)
    objs.append(ch)
    tcs: list[TargetCondition] = []
    experiments: list[Experiment] = []

    for n, week in enumerate(WEEKS):
        current_week = n == len(WEEKS) - 1
        created = last_start - timedelta(weeks=len(WEEKS) - 1 - n)
        tc = TargetCondition.create(ch.id, week.title, created, area=week.area, outcome=week.outcome,
                                    operating_pattern=week.pattern, current_condition=week.current, notes=week.notes)
        closed = activate(tc, tcs, WEEKS[n - 1].reflection if n else None, created, WEEKS[n - 1].close_as if n else None)
        assert closed is None or closed is tcs[-1]
        tcs.append(tc)
        objs.append(tc)
        obstacles = [Obstacle.create(tc.id, text, created) for text, _ in week.obstacles]
        focus(obstacles[0], obstacles)
        objs.extend(obstacles)

        week_experiments: list[Experiment] = []
        for i, step in enumerate(week.steps):
            planned_at = created + timedelta(minutes=30 + 10 * i)
            if current_week:
                # done two days ago, running since yesterday, starting today, then the next working days
                go = today + timedelta(days=i - 2) if i < 3 else _working_days_after(today, i - 2)
            else:
                go = _working_days_after(created.date(), 1 + i)
            e = Experiment.plan(step.step, step.expect, planned_at, go, target_condition_id=tc.id,
                                owner=step.owner,
                                obstacle_id=obstacles[step.obstacle].id if step.obstacle is not None else None,
                                team=TEAM if step.team else None)
            if go <= today and not (current_week and i >= 2):
                e.start(_at(go, 8, 30))
            if step.amend:
                field_name, text, reason = step.amend
                e.amend(field_name, text, reason, _at(go, 11))
            if step.abandon:
                e.abandon(step.abandon, _at(go, 9))
            elif step.happened:
                e.complete(step.happened, step.learned, _at(go, 16), as_expected=step.as_expected)
            week_experiments.append(e)
        experiments.extend(week_experiments)
        objs.extend(week_experiments)

        # The obstacles as they stood when the week closed.
        for ob, (_, status) in zip(obstacles, week.obstacles):
            if status != "working":
                ob.status = "parked"
                ob.set_status(status)

        if week.coaching and n:
            # The coaching session that set this week's target condition: it looked back at the
            # last step of the week before, and this week's first step was its next step.
            last = experiments[-len(week_experiments) - 1]
            objs.append(CoachingCycle.record(
                created + timedelta(minutes=20),
                tc.id,
                next_step=week_experiments[0],
                target=tc.title,
                actual_now=week.current,
                last_step=last.step,
                expected=last.current("expectation"),
                happened=last.happened,
                learned=last.learned,
                obstacles=week.coaching.get("obstacles", ""),
                obstacle_id=obstacles[0].id,
            ))

    lock_due(experiments, now)
    return objs

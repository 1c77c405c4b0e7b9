"""Function and framing words that never name or distinguish a condition (shared by the off-label modules)."""

STOPWORDS = frozenset(
    """a an the and or but nor of to in on at by for with without from into onto about as than then
    is are was were be been being am do does did done doing has have had having can could may might must
    shall should will would it its it's this that these those there here which who whom whose what when
    where why how whether if so not no yes any all each every some such more most less least many much
    very also only just even still yet again ever i me my we our you your he she him her his they them
    their us one two used using uses given give gives giving take taken taking start started starting
    help helps helped work works worked treat treats treated treating treatment treatments therapy
    therapies manage managed management patient patients people person dose doses dosing dosed regimen
    usual standard recommended recommendation label labeled labelled approved approval indicated
    indication indications evidence data study studies trial trials effect effects effective efficacy
    benefit benefits role option options known good well better best safe safety drug drugs medication
    medicine product agent agents after before during while since until against between versus vs
    compared like including include includes case cases there's isn't aren't doesn't don't can't what's
    new first second line initial added add combined combination plus alongside together improve improves
    reduce reduces risk prevent prevents control controls week weeks month months year years day days
    daily weekly mg kg ml time times once twice adults adult child children woman women man men
    pediatric older younger aged age old history cause causes developed develop occurred reported
    active activity responds respond response tell show say says said about something anything
    weigh weighs weighed weighing need needs needed needing""".split()  # noqa: SIM905
)

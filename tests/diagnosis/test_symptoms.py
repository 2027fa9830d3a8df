"""Free-text complaint symptoms: ticket sentences in Chinese and English map to symptom ids."""

from __future__ import annotations

import re

import pytest

from conftest import write
from netdiag.catalogue import load_catalogue
from netdiag.errors import RuleError, UsageError
from netdiag.rules.profile import load_profile
from netdiag.diagnosis.symptoms import SymptomQuestion, lexicon_files, lexicon_for, load_lexicon, resolve_symptom

SYMPTOMS = list(load_catalogue().symptoms)

ZH_TICKETS = [
    ("用户反映在家里手机经常掉话，说着说着就断了", "call_drop"),
    ("客户投诉最近一周通话中经常自动挂断", "call_drop"),
    ("打电话的时候老是断线，一天要断好几次", "call_drop"),
    ("我在家里经常掉话,很烦", "call_drop"),
    ("电话打到一半就断了", "call_drop"),
    ("用户称在办公室通话时对方听不到他说话", "one_way_audio"),
    ("打电话时我能听到对方，对方听不到我", "one_way_audio"),
    ("通话时听到别人说话，疑似串线", "one_way_audio"),
    ("接通后听不到对方的声音", "one_way_audio"),
    ("用户反映通话时经常串话，能听到陌生人的声音", "one_way_audio"),
    ("通话过程中声音断断续续，听不清楚", "choppy_voice"),
    ("打电话有很大的杂音，吱吱的响", "choppy_voice"),
    ("通话时有回声，还有电流声", "choppy_voice"),
    ("用户反映通话时声音时有时无", "choppy_voice"),
    ("手机打不出电话，显示呼叫失败", "call_setup"),
    ("别人打我电话总是提示无法接通", "call_setup"),
    ("拨号后一直没反应，电话打不通", "call_setup"),
    ("来电收不到，朋友说打过来是忙音", "call_setup"),
    ("家里没有信号，进屋就没信号了", "no_coverage"),
    ("小区地下车库一点信号都没有", "no_coverage"),
    ("手机经常显示无服务，只能拨打紧急电话", "no_coverage"),
    ("这边信号很弱，只有一格", "no_coverage"),
    ("手机开了流量但是上不了网", "gprs_no_access"),
    ("无法登录WAP，GPRS连不上", "gprs_no_access"),
    ("用户投诉手机不能上网，网页打不开", "gprs_no_access"),
    ("网速特别慢，打开一个网页要一分钟", "gprs_slow"),
    ("下载东西很慢，只有几K", "gprs_slow"),
    ("看视频一直在转圈，上网特别卡", "gprs_slow"),
    ("客户说最近上网速度非常慢", "gprs_slow"),
]

EN_TICKETS = [
    ("My calls keep dropping when I'm at home", "call_drop"),
    ("Customer says calls drop after a minute or two", "call_drop"),
    ("I keep getting cut off in the middle of conversations", "call_drop"),
    ("The call just ends by itself, happens several times a day", "call_drop"),
    ("The line goes dead halfway through the call", "call_drop"),
    ("I can hear them but they can't hear me", "one_way_audio"),
    ("The other party cannot hear anything I say", "one_way_audio"),
    ("Subscriber reports one-way audio on outgoing calls", "one_way_audio"),
    ("I can hear other people's conversations during my calls", "one_way_audio"),
    ("Customer hears crosstalk on the line", "one_way_audio"),
    ("The voice keeps breaking up during calls", "choppy_voice"),
    ("There is a lot of static and crackling on every call", "choppy_voice"),
    ("Calls are choppy and I can't hear the caller clearly", "choppy_voice"),
    ("Echo on all my calls, I hear my own voice", "choppy_voice"),
    ("I can't make any calls from my flat", "call_setup"),
    ("People tell me my number is unreachable", "call_setup"),
    ("I don't receive incoming calls, they go straight to voicemail", "call_setup"),
    ("Unable to make or receive calls since yesterday", "call_setup"),
    ("No signal at all in my apartment", "no_coverage"),
    ("Only one bar in the office, signal is really weak", "no_coverage"),
    ("Phone says emergency calls only", "no_coverage"),
    ("Customer is in a dead zone near the river", "no_coverage"),
    ("I can't get online on my phone", "gprs_no_access"),
    ("Mobile data is not working since this morning", "gprs_no_access"),
    ("Cannot connect to GPRS", "gprs_no_access"),
    ("The internet is extremely slow", "gprs_slow"),
    ("Web pages take forever to load", "gprs_slow"),
    ("Download speed is very low, only a few kbps", "gprs_slow"),
    ("Customer complains about slow internet at home", "gprs_slow"),
]


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize(("text", "symptom"), ZH_TICKETS)
def test_chinese_ticket_text(lexicon, text, symptom):
    assert lexicon.resolve(text, "zh") == symptom


@pytest.mark.parametrize(("text", "symptom"), EN_TICKETS)
def test_english_ticket_text(lexicon, text, symptom):
    assert lexicon.resolve(text, "en") == symptom


def test_ticket_lists_cover_every_symptom():
    assert {s for _, s in ZH_TICKETS} == {s for _, s in EN_TICKETS} == set(SYMPTOMS)


def test_ids_and_catalogue_labels_match_directly(lexicon):
    for symptom, labels in load_catalogue().symptoms.items():
        for text in (symptom, symptom.upper().replace("_", " "), labels["zh"], labels["en"]):
            assert lexicon.matches(text) == [symptom], text


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("ＷＡＰ上不去！", "gprs_no_access"),  # full-width letters and punctuation
        ("掉 话", "call_drop"),  # spaces between Chinese characters
        ("CALLS   KEEP DROPPING!!!", "call_drop"),
        ("can’t make calls", "call_setup"),  # curly apostrophe
        ("cannot make calls", "call_setup"),
        ("unable to make calls", "call_setup"),
        ("one‐way audio", "one_way_audio"),  # hyphen variants
        ("oneway audio".replace("oneway", "one way"), "one_way_audio"),
    ],
)
def test_normalisation(lexicon, text, symptom):
    assert lexicon.resolve(text) == symptom


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("对方听不到我说话", "one_way_audio"),  # not choppy (听不...) nor anything inside it
        ("上网很慢", "gprs_slow"),  # not gprs_no_access
        ("上网老是掉线", "gprs_no_access"),  # a data session dropping, not call_drop
        ("老是断断续续的", "choppy_voice"),  # 断断续续 is longer than call_drop's 老是断
        ("can't hear the other party clearly", "choppy_voice"),  # not one_way_audio's "can't hear the other party"
        ("signal keeps dropping", "no_coverage"),  # not call_drop's "keeps dropping"
    ],
)
def test_longest_phrase_wins(lexicon, text, symptom):
    assert lexicon.matches(text) == [symptom]


def test_ambiguous_text_asks_in_both_languages(lexicon):
    with pytest.raises(SymptomQuestion) as en:
        lexicon.resolve("掉话还有杂音", "en")
    assert en.value.choices == ["call_drop", "choppy_voice"] and en.value.text == "掉话还有杂音"
    assert str(en.value) == (
        'symptom "掉话还有杂音" could be: call_drop (dropped calls), choppy_voice (choppy or noisy voice); '
        "say which with --symptom call_drop|choppy_voice"
    )
    with pytest.raises(SymptomQuestion) as zh:
        lexicon.resolve("掉话还有杂音", "zh")
    assert zh.value.choices == ["call_drop", "choppy_voice"]
    message = str(zh.value)
    assert "掉话还有杂音" in message and "可能是" in message and "--symptom call_drop|choppy_voice" in message
    assert "（掉话）" in message and "通话断续/杂音(断噪)" in message
    assert isinstance(zh.value, UsageError)


def test_english_ambiguity(lexicon):
    with pytest.raises(SymptomQuestion) as q:
        lexicon.resolve("no signal and my calls keep dropping")
    assert q.value.choices == ["no_coverage", "call_drop"]


def test_unmatched_text_lists_every_symptom(lexicon):
    with pytest.raises(SymptomQuestion) as en:
        lexicon.resolve("xyz", "en")
    assert en.value.choices == SYMPTOMS
    assert str(en.value).startswith(
        'symptom "xyz" matches no known symptom; choose one of: no_coverage (no or weak coverage), one_way_audio ('
    )
    with pytest.raises(SymptomQuestion) as zh:
        lexicon.resolve("xyz", "zh")
    assert zh.value.choices == SYMPTOMS
    assert "不对应任何已知症状" in str(zh.value) and "no_coverage（无覆盖/信号差）" in str(zh.value)
    assert all("\n" not in str(q.value) for q in (en, zh))


def test_unmatched_text_lists_close_matches_first(lexicon):
    with pytest.raises(SymptomQuestion) as q:
        lexicon.resolve("cal dropp")
    assert q.value.choices[0] == "call_drop" and sorted(q.value.choices) == sorted(SYMPTOMS)


def test_long_text_is_shortened_to_one_line(lexicon):
    with pytest.raises(SymptomQuestion) as q:
        lexicon.resolve("nothing\nuseful " * 20)
    first = str(q.value).split(";")[0]
    assert "\n" not in str(q.value) and first.endswith('…" matches no known symptom')


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("信号很好但是经常掉话", "call_drop"),
        ("信号满格但是打不出去", "call_setup"),
        ("signal is fine but calls keep dropping", "call_drop"),
        ("full bars but I can't make calls", "call_setup"),
        ("没有掉话，就是声音断断续续", "choppy_voice"),
        ("no dropped calls, just a lot of static", "choppy_voice"),
        ("不是没信号，是打不出去电话", "call_setup"),
        ("not a signal problem, calls just fail", "call_setup"),
        ("信号不差,就是上网慢", "gprs_slow"),
        ("不断掉线", "call_drop"),  # 不断 is "again and again", not a negation
        ("不断断线", "call_drop"),
    ],
)
def test_negation_does_not_vote(lexicon, text, symptom):
    assert lexicon.resolve(text) == symptom


@pytest.mark.parametrize("text", ["没有信号问题", "信号很好", "上网不慢", "calls don't drop", "signal is fine"])
def test_negated_text_names_no_symptom(lexicon, text):
    assert lexicon.matches(text) == []


def test_english_phrases_match_whole_words_only(lexicon):
    assert lexicon.matches("WAP doesn't work") == ["gprs_no_access"]
    assert lexicon.matches("WAP上不去") == ["gprs_no_access"]
    assert lexicon.matches("I want to swap my SIM card") == []  # "wap" is not in "swap"
    assert lexicon.matches("I am ecstatic about the service") == []  # nor "static" in "ecstatic"
    assert lexicon.matches("static on the line") == ["choppy_voice"]


def test_gap_stays_inside_a_clause(lexicon):
    assert lexicon.matches("上网的时候速度特别慢") == ["gprs_slow"]
    assert lexicon.matches("信号很好但是通话质量差") == ["choppy_voice"]  # 信号*差 does not cross 但是
    assert lexicon.matches("上网很好，下午慢") == []  # nor a comma


def test_a_phrase_of_two_symptoms_asks_unless_settled(lexicon):
    with pytest.raises(SymptomQuestion) as q:
        lexicon.resolve("家里没有网络")
    assert q.value.choices == ["no_coverage", "gprs_no_access"]
    assert lexicon.resolve("没有网络,上不了网") == "gprs_no_access"
    assert lexicon.resolve("没有网络,也没信号") == "no_coverage"


def test_every_symptom_has_chinese_and_english_phrases(lexicon):
    for symptom in SYMPTOMS:
        assert len(lexicon.phrases(symptom, "zh")) >= 20, symptom
        assert len(lexicon.phrases(symptom, "en")) >= 20, symptom


def test_every_shipped_phrase_names_its_own_symptom(lexicon):
    """No phrase is shadowed by a longer one of another symptom, or read as a negation."""
    for symptom in SYMPTOMS:
        for lang in ("zh", "en"):
            for phrase in lexicon.phrases(symptom, lang):
                assert symptom in lexicon.matches(phrase.replace("*", "")), phrase
            for phrase in lexicon.phrases(symptom, lang, deny=True):
                assert lexicon.matches(phrase) == [], phrase


def test_resolve_symptom_convenience():
    assert resolve_symptom("经常掉话") == "call_drop"
    assert resolve_symptom("call_setup", "zh") == "call_setup"
    with pytest.raises(ValueError):
        resolve_symptom("掉话", "fr")


EXTENSION = """\
symptoms:
  call_drop:
    zh: [电话老是自己挂]
    en: [line hiccups]
  no_coverage:
    deny:
      en: [bars are ok]
negation:
  en: [hardly any]
"""


def test_operator_file_adds_phrases(tmp_path, lexicon):
    for text in ("电话老是自己挂", "the line hiccups every evening"):
        with pytest.raises(SymptomQuestion):
            lexicon.resolve(text)
    extended = load_lexicon([write(tmp_path / "words.yaml", EXTENSION)])
    assert extended.resolve("用户说电话老是自己挂") == "call_drop"
    assert extended.resolve("the line hiccups every evening") == "call_drop"
    assert extended.matches("hardly any dropped calls") == []
    assert lexicon.matches("hardly any dropped calls") == ["call_drop"]  # the shipped lexicon is unchanged
    assert extended.resolve("经常掉话") == "call_drop"  # shipped phrases still there


def test_profile_names_the_lexicon_files(tmp_path, monkeypatch):
    write(tmp_path / "ops" / "words" / "extra.yaml", EXTENSION)
    profile = write(tmp_path / "ops" / "netdiag.yaml", "symptom_lexicon: words/extra.yaml\n")
    monkeypatch.chdir(tmp_path)  # paths are relative to the profile, not the working folder
    load_profile(profile)  # the profile accepts the key
    assert lexicon_files(profile) == [tmp_path / "ops" / "words" / "extra.yaml"]
    assert lexicon_for(profile).resolve("电话老是自己挂") == "call_drop"
    write(tmp_path / "ops" / "more.yaml", "symptoms:\n  gprs_slow:\n    zh: [刷朋友圈好费劲]\n")
    listed = write(tmp_path / "ops" / "p2.yaml", "symptom_lexicon:\n  - words/extra.yaml\n  - more.yaml\n")
    both = lexicon_for(listed)
    assert both.resolve("电话老是自己挂") == "call_drop" and both.resolve("刷朋友圈好费劲") == "gprs_slow"
    assert lexicon_for(None, [tmp_path / "ops" / "more.yaml"]).resolve("刷朋友圈好费劲") == "gprs_slow"
    assert lexicon_for(write(tmp_path / "p3.yaml", "rules: {}\n")).resolve("掉话") == "call_drop"


def test_profile_lexicon_file_must_exist(tmp_path):
    profile = write(tmp_path / "p.yaml", "rules: {}\nsymptom_lexicon: [nowhere.yaml]\n")
    with pytest.raises(RuleError, match=rf"^{re.escape(str(profile))}:2: symptom_lexicon: no such lexicon file"):
        lexicon_for(profile)
    profile = write(tmp_path / "p.yaml", "symptom_lexicon: {a: 1}\n")
    with pytest.raises(RuleError, match=r"p\.yaml:1: symptom_lexicon: a lexicon file name or a list"):
        lexicon_files(profile)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("symptoms:\n  call_drops:\n    zh: [x]\n", 2, "symptoms.call_drops: unknown symptom; did you mean call_drop?"),
        ("symptoms:\n  call_drop:\n    fr: [x]\n", 3, "symptoms.call_drop.fr: unknown key"),
        ("symptoms:\n  call_drop:\n    en:\n      - fine\n      - 42\n", 5, "call_drop.en.1: a phrase is text, not 42"),
        ("symptoms:\n  call_drop:\n    en: [yes]\n", 3, "a phrase is text, not True (quote it)"),
        ("symptoms:\n  call_drop:\n    en: dropped call\n", 3, "symptoms.call_drop.en: expected a list of phrases"),
        ("symptoms:\n  call_drop:\n    en:\n      - '* dropped'\n", 4, "a phrase neither starts nor ends with *"),
        ("symptoms:\n  call_drop:\n    zh:\n      - '!!!'\n", 4, "nothing to match"),
        ("symptoms:\n  call_drop:\n    zh:\n      - 掉话, 断线\n", 4, "no sentence punctuation"),
        ("symptoms:\n  no_coverage:\n    deny:\n      fr: [x]\n", 4, "symptoms.no_coverage.deny.fr: unknown key"),
        ("symptom:\n  call_drop:\n    zh: [x]\n", 1, "symptom: unknown key; did you mean symptoms?"),
        ("negation:\n  zh: [没*有]\n", 2, "a negation word has no *"),
        ("- call_drop\n", 1, "a symptom lexicon holds one mapping"),
        ("symptoms:\n  call_drop: [x\n", 3, "invalid YAML"),
    ],
)
def test_malformed_extension_names_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(RuleError) as error:
        lexicon_for(None, [path])
    assert str(error.value).startswith(f"{path}:{line}: "), str(error.value)
    assert message in str(error.value)
    assert "\n" not in str(error.value)

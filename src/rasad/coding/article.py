"""Code one clean article: sentences -> events and statements, with their evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from rasad.arabic import fold, fold_keep_ta
from rasad.coding.actors import ActorMention
from rasad.coding.events import (
    IRREALIS_VERB_FORMS,
    LIGHT_NOUNS,
    SPEECH_ACTS,
    SYMMETRIC,
    ArticleContext,
    Claim,
    TriggerHit,
    actor_groups,
    actor_token_starts,
    affiliated_bodies,
    assign_roles,
    bare_head_subject,
    between_pair,
    claims,
    crowd_action,
    crowd_gatherings,
    dropped_subject,
    faced,
    find_triggers,
    has_article,
    has_genitive_actor,
    has_light_context,
    irrealis_purpose,
    is_future,
    is_irrealis,
    is_negated,
    is_participant,
    joint_actions,
    named_heads,
    nearest_date,
    noun_agent,
    object_first,
    other_sense,
    place_targets,
    possessive_noun,
    protest_target,
    purpose_demands,
    rulers_demanded,
    sentence_dates,
)
from rasad.coding.sentences import split_sentences
from rasad.coding.statements import SpeakerMemory, find_cues, statements_of
from rasad.coding.tokens import Slot, Token, clause_break, slots_of, tokenize
from rasad.dates import find_absolute
from rasad.lexicons.events import EventLexicon
from rasad.lexicons.tsv import REGIONS, is_country_code
from rasad.types import Event, Statement


@dataclass(frozen=True, slots=True)
class CodedArticle:
    events: tuple[Event, ...]
    statements: tuple[Statement, ...]


def article_context(text: str, published: dt.date | None) -> ArticleContext:
    full = [
        dt.date(d.year, d.month, d.day)
        for d in find_absolute(fold(text), full_only=True)
        if d.year is not None and d.month is not None and d.day is not None
    ]
    return ArticleContext(published, max(full) if full else None)


def code_article(text: str, mentions: list[ActorMention], lex: EventLexicon, published: dt.date | None) -> CodedArticle:
    ctx = article_context(text, published)
    states = _states(mentions)
    events: list[Event] = []
    statements: list[Statement] = []
    memory = SpeakerMemory()
    last_dated: tuple[int, str | None] = (-2, None)  # (paragraph start, date) of the last dated sentence
    last_source: tuple[int, tuple[str, ...]] = (-2, ())  # (paragraph start, source) of the last event with one
    for a, b in split_sentences(text):
        tokens = tokenize(text, a, b, lex.token_memo)
        if not tokens:
            continue
        slots, affiliated = affiliated_bodies(tokens, slots_of(tokens, mentions))
        memory.heads.update(affiliated)
        groups = actor_groups(slots, tokens)
        places = place_targets(slots, tokens)
        memory.heads.update(named_heads(groups, tokens))
        named = {i for s in slots if s.named for i in range(s.first, s.last + 1)}
        cue_hits = find_cues(tokens, lex, named)
        raw_statements = statements_of(text, tokens, groups, cue_hits, b, memory)
        dates = sentence_dates(text, (a, b), ctx)
        paragraph = text.rfind("\n", 0, a)
        if dates:
            last_dated = (paragraph, dates[-1][1])
        elif last_dated[0] == paragraph and last_dated[1]:
            # no date of its own: the sentence goes on with the date just given in its
            # paragraph ("قال ... في السابع من نوفمبر ... وقال قبل اجتماعه ...")
            dates = [(a, last_dated[1])]
        hits = find_triggers(tokens, lex, slots)
        reported = claims(tokens, groups, [s.index for s in raw_statements])
        sentence = text[a:b]
        hits = hits + crowd_gatherings(tokens, lex, hits)
        quoted = _quoted_spans(text, a, b)
        actor_starts = actor_token_starts(groups, tokens)
        place_tokens = frozenset(i for s in slots if s.place for i in range(s.first, s.last + 1))
        sentence_events: list[Event] = []
        coded_offsets: list[int] = []  # where the events of this sentence are told
        for hit in hits:
            if not _reports_event(hit, tokens, groups):
                continue
            if any(qa <= tokens[hit.first].start < qb for qa, qb in quoted):
                continue  # words inside a quotation are what someone said, not an event reported
            claim = max((c for c in reported if 0 < c.start <= hit.first), key=lambda c: c.start, default=None)
            barrier = claim.start if claim is not None else 0
            # a target is not sought past the next verb: it starts another clause
            stop = min((h.first for h in hits if h.first > hit.last and h.trigger.head_is_verb), default=len(tokens))
            source, target = assign_roles(hit, groups, tokens, barrier, places, stop)
            accusation = _charged_with(hit, tokens, sentence_events)
            if accusation is not None:
                # "اتهمت واشنطن بيونغ يانغ بإرسال جنود": the accused's act, as the accuser claims
                source = list(accusation.target)
                target = [c for c in target if c not in source and c not in accusation.source]
            named_before = bare_head_subject(hit, tokens, groups, memory.heads)
            if named_before:
                # "ورفضت اللجنة الرد الروسي": the bare head is the subject; an actor after it the object
                target = target or [c for c in source if c not in named_before]
                source = named_before
            elif not source and last_source[0] == paragraph and dropped_subject(hit, tokens, groups):
                source = list(last_source[1])  # "كما رفض ...": the subject told just before
            elif not source and hit.trigger.type in SPEECH_ACTS and object_first(hit, groups, tokens):
                # "وحملت الاحتلال المسؤولية": a feminine verb, a masculine object; the subject
                # is the actor told just before, or the last speaker
                subject = list(last_source[1]) if last_source[0] == paragraph else list(memory.speakers)
                source = [c for c in subject if c not in target]
            target = [c for c in target if c not in source]
            if (
                claim is not None and claim.speakers and hit.trigger.head_is_verb and _subjectless(hit, groups, claim.start)
                and not between_pair(hit, groups, tokens)
            ):
                # "نفت الحكومة أن تكون قد زودت الحوثيين": the speaker is the subject, the
                # actor after the verb its object
                target = [c for c in (source or target) if c not in claim.speakers] or target
                source = list(claim.speakers)
            kind = hit.trigger.type
            if kind == "PROTEST" and not target:
                target = [c for c in protest_target(hit, tokens, groups) if c not in source]
                if not target and source and rulers_demanded(tokens, hit.last, groups, len(tokens)):
                    target = [source[0][:3] + "GOV"]  # "يتظاهرون ... للمطالبة برحيل النظام"
            if kind in ("MOBILIZE", "THREATEN") and not target:
                target = [c for c in faced(hit, tokens, groups, stop) if c not in source]
            if kind == "MOBILIZE":
                # troops sent into another state's territory are aid to that state (PLOVER AID)
                host = _host_country(slots, tokens, hit.last, stop, source)
                if host:
                    kind, target = "AID", [host]
            if (
                hit.trigger.ambiguous
                and not (source and target)
                and not _crowd_supported(hit, hits, tokens)
                # (a light verb says a noun's event happened, not which sense it has: "أصدر الجيش
                # إنذارا حول عملية أمنية" is an alarm; a threat is made to someone, or is its
                # maker's, "تهديد كوريا الشمالية باستخدام ...")
                and not (
                    hit.trigger.pos == "noun" and has_light_context(hit, tokens, actor_starts)
                    and (kind != "THREATEN" or has_genitive_actor(hit, groups, tokens))
                )
                and not (kind == "AGREE" and source and _names_agreement(tokens, hit))
                and not (source and _after_pronoun_that(tokens, hit))
            ):
                continue
            if kind in ("ASSAULT", "COERCE") and not source and target and all(c.endswith("REB") for c in target):
                # "وبحسب قيادة الجيش قتل جميع قادة المتمردين": rebels killed or held, as the
                # state's own forces report it, by those forces
                source = [c for c in _claimants(reported, hit.first) if c[3:] in ("MIL", "GOV") and c[:3] in {t[:3] for t in target}][:1]
            # roles implied, not named: they do not settle an ambiguous trigger (above)
            if kind == "PROTEST" and not target:
                target = _own_government(source)  # "أضرب المعلمون في المغرب": against their rulers
            if kind == "ASSAULT" and source and not target:
                target = _country_hit(slots, source, states)  # "القصف الإسرائيلي" in a story set in Syria
            prev_tok = tokens[hit.first - 1] if hit.first else None
            crowd = crowd_action(hit, tokens) if is_participant(tokens[hit.first], prev_tok) else None
            if is_future(hit, tokens) or _endangers(hit, tokens) or _threatened(hit, hits, tokens):
                continue
            if is_irrealis(hit, tokens, actor_starts) or irrealis_purpose(hit, tokens):
                continue  # called for, planned or forbidden
            negated = is_negated(hit, tokens)
            if hit.trigger.negated:
                if not negated:
                    continue  # "تردد في الرد": he hesitated, no threat
                negated = False  # "لن يتردد في الرد", "عدم تردد ... في التحرك العسكري": a threat
            if not hit.trigger.head_is_verb and _any(tokens, hit.first) and not negated:
                continue  # "الرد على أي هجوم إسرائيلي": a case, not an event ("نفت خروج أي مظاهرات" is denied)
            if kind == "AGREE" and not hit.trigger.head_is_verb and in_force(tokens, hit.first):
                continue  # "تنفيذ بنود اتفاقية السلام": an agreement in force, not a new one
            if other_sense(hit, tokens, place_tokens):
                continue
            genitive = (
                has_genitive_actor(hit, groups, tokens) or (possessive_noun(hit, tokens) and bool(source))
                or (accusation is not None and bool(source))
                or noun_agent(hit, groups, tokens) is not None  # "على يد الجيش": its doer named
            )
            if (
                not hit.trigger.head_is_verb
                and crowd is None
                and not genitive
                and (
                    _anaphoric(tokens[hit.first], hit)
                    or _demonstrative(tokens, hit.first)
                    or not (has_light_context(hit, tokens, actor_starts) or (source and target and hit.trigger.type in SYMMETRIC))
                )
            ):
                # a noun that names no particular event ("هذه المعاهدة", "موجة الاحتجاجات"), or
                # a definite one that refers back to an event already told ("خلال المظاهرة")
                continue
            claimed: list[str] = list(accusation.source) if accusation is not None else []
            for c in reported:
                if c.start <= hit.first:
                    claimed += [s for s in c.speakers if s not in claimed]
            first, last = (min(crowd, hit.first), max(crowd, hit.last)) if crowd is not None else (hit.first, hit.last)
            trig_a, trig_b = tokens[first].start, tokens[last].end
            if source:
                last_source = (paragraph, tuple(source))
            if not _in_time_frame(tokens, hit.first):
                coded_offsets.append(trig_a)
            sentence_events.append(
                Event(
                    type=kind,
                    source=tuple(source),
                    target=tuple(target),
                    date=None,
                    sentence=sentence,
                    trigger=text[trig_a:trig_b],
                    negated=negated,
                    claimed_by=tuple(claimed),
                    location=_location(text, slots),
                    trigger_span=(trig_a, trig_b),
                    rule=f"{hit.trigger.type} {hit.trigger.pos} '{hit.trigger.pattern}' ({hit.trigger.line})",
                )
            )
        # "خرجوا للمطالبة برحيل الحكومة": the demand the protesters voice, by the subject of
        # the event told just before in the sentence
        for at, wanted in purpose_demands(tokens, groups):
            told = [e for e in sentence_events if e.source and e.trigger_span[0] < tokens[at].start and not e.negated]
            if not told or any(e.type == "REQUEST" and e.trigger_span[0] >= told[-1].trigger_span[0] for e in told):
                continue
            by = told[-1]
            wanted = [c for c in wanted if c not in by.source]
            if not wanted and rulers_demanded(tokens, at, groups):
                wanted = [by.source[0][:3] + "GOV"]
            sentence_events.append(
                replace(
                    by, type="REQUEST", target=tuple(wanted), trigger=tokens[at].text,
                    trigger_span=(tokens[at].start, tokens[at].end), claimed_by=by.claimed_by,
                    rule=f"REQUEST purpose '{tokens[at].text}' by the subject of '{by.trigger}'",
                )
            )
            coded_offsets.append(tokens[at].start)
        # "نفذ الجيش بالتنسيق مع سلاح الجو التونسي عملية": joint action is cooperation
        for at, doers, partners in joint_actions(tokens, groups):
            if not doers:
                told = [e for e in sentence_events if e.source and e.trigger_span[0] < tokens[at].start]
                doers = list(told[-1].source) if told else []
            partners = [c for c in partners if c not in doers]
            told_here = any(e.trigger_span[0] < tokens[at].start for e in sentence_events)
            if doers and partners and (told_here or not _irrealis_clause(tokens, at)):
                a_, b_ = tokens[at].start, tokens[at + 1].end
                sentence_events.append(
                    Event(
                        type="COOPERATE", source=tuple(doers), target=tuple(partners), date=None, sentence=sentence,
                        trigger=text[a_:b_], negated=False,
                        claimed_by=tuple(s for c in reported if c.start <= at for s in c.speakers),
                        location=_location(text, slots), trigger_span=(a_, b_),
                        rule=f"COOPERATE joint action '{text[a_:b_]}'",
                    )
                )
                coded_offsets.append(a_)
        # A date belongs to the nearest event told with no other coded event between
        # (an uncoded word, "هذه المعاهدة", or an event that only frames the time, "خلال
        # زيارة", does not come between).
        for e in sentence_events:
            others = [t for t in coded_offsets if t != e.trigger_span[0]]
            events.append(replace(e, date=nearest_date(dates, e.trigger_span[0], others)))
        for st in raw_statements:
            when = nearest_date(dates, st.cue_span[0], coded_offsets)
            if not st.speakers:
                statements.append(Statement(None, st.speaker_name, st.cue, st.content, when, st.cue_span))
            for n, code in enumerate(st.speakers):
                name = st.names[n] if n < len(st.names) else st.speaker_name
                statements.append(Statement(code, name, st.cue, st.content, when, st.cue_span))
    return CodedArticle(_dedupe(_agreement_parties(events)), tuple(statements))


def _irrealis_clause(tokens: list[Token], at: int) -> bool:
    """Before token `at`, its clause is only planned, called for or future ("سيعمل الجيش
    بالتنسيق مع", "دعا إلى العمل بالتنسيق مع")."""
    for j in range(at - 1, -1, -1):
        t = tokens[j]
        bare = t.folded.lstrip("وف")
        if bare == "سوف" or (bare.startswith("س") and len(bare) > 3 and bare[1] in "يتنا" and bare[1:] in t.verb_stems):
            return True
        if any(st in IRREALIS_VERB_FORMS for st in t.verb_stems) or bare in ("لم", "لن", "لا"):
            return True
        if clause_break(tokens, j):
            break
    return False


# "خلال زيارة", "أثناء اجتماع", "على هامش القمة": an event that only says when the main one happened.
_TIME_FRAME = frozenset(fold_keep_ta(w) for w in ("خلال", "اثناء", "أثناء", "ابان", "إبان", "هامش", "غضون", "لدى", "عند", "طيلة", "طوال"))


def _in_time_frame(tokens: list[Token], k: int) -> bool:
    return k > 0 and tokens[k - 1].folded.lstrip("وف") in _TIME_FRAME


# "تهدد أمن واستقرار البلدين", "يهدد بتفشي العدوى": to endanger, not to threaten someone.
_ENDANGERED = frozenset(
    {"امن", "استقرار", "حياة", "حياه", "سلامة", "سلامه", "مستقبل", "وحدة", "وحده", "السلم", "السلام", "بتفشي",
     "بانهيار", "بوقوع", "بانفجار", "بتدهور", "بكارثة", "باندلاع", "صحة", "صحه", "مصير", "الامن", "الاستقرار"}
)


def _endangers(hit: TriggerHit, tokens: list[Token]) -> bool:
    if hit.trigger.type != "THREATEN" or not hit.trigger.head_is_verb or hit.last + 1 >= len(tokens):
        return False
    nxt = tokens[hit.last + 1].folded
    return nxt in _ENDANGERED or nxt.lstrip("ب") in _ENDANGERED


def _threatened(hit: TriggerHit, hits: list[TriggerHit], tokens: list[Token]) -> bool:
    """"هدد بقصف مواقعهم", "لوح بفرض عقوبات": what is threatened has not happened."""
    if hit.trigger.head_is_verb:
        return False
    at = hit.first
    if not tokens[at].folded.startswith("ب"):
        # "لوح بفرض عقوبات": the ب is on the light noun before the threatened act
        prev = tokens[at - 1] if at else None
        if prev is None or not prev.folded.startswith("ب") or not any(s in LIGHT_NOUNS for s in prev.stems):
            return False
        at -= 1
    return any(h.trigger.type == "THREATEN" and h.last < at <= h.last + 4 for h in hits)


def _quoted_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for open_q, close_q in (("«", "»"), ("“", "”")):
        i = text.find(open_q, a, b)
        while i != -1:
            j = text.find(close_q, i + 1, b)
            if j == -1:
                break
            out.append((i, j))
            i = text.find(open_q, j + 1, b)
    return out


def _reports_event(hit: TriggerHit, tokens: list[Token], groups: list[list[Slot]]) -> bool:
    """Participant nouns report an event only as the subject of a crowd action; a single
    protester ("متظاهر افريقي", "مقتل متظاهر") is a person, not a protest."""
    prev = tokens[hit.first - 1] if hit.first else None
    if hit.trigger.participant and not is_participant(tokens[hit.first], prev):
        return False
    if hit.trigger.pos == "noun" and is_participant(tokens[hit.first], prev):
        return crowd_action(hit, tokens) is not None
    return True


def _anaphoric(tok: Token, hit: TriggerHit) -> bool:
    """A definite singular noun ("المظاهرة", "الاحتجاج") points back to an event already
    told; a definite plural after an occurrence verb ("تجددت المظاهرات") reports one. A
    noun whose own letters start with ال ("إلغاء", "التزام") is not definite for that."""
    word = tok.folded.lstrip("وف")
    return has_article(tok, hit.trigger.pattern.split(" ")[0]) and not word.endswith(("ات", "ين", "ون"))


_DEMONSTRATIVES = frozenset(fold_keep_ta(w) for w in ("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين", "هؤلاء", "اولئك"))


def _demonstrative(tokens: list[Token], k: int) -> bool:
    """"هذه المظاهرات", "تلك الاحتجاجات": a noun after a demonstrative refers back."""
    return k > 0 and tokens[k - 1].folded.lstrip("وف") in _DEMONSTRATIVES


_ANY = frozenset(fold_keep_ta(w) for w in ("أي", "لأي", "بأي", "أية", "لأية", "بأية", "عن أي", "ضد أي"))


def _any(tokens: list[Token], k: int) -> bool:
    """"الرد على أي هجوم", "لأي عقوبات": a noun after "any" names a case, not an event."""
    return k > 0 and tokens[k - 1].folded.lstrip("وف") in _ANY


def _subjectless(hit: TriggerHit, groups: list[list[Slot]], clause_start: int) -> bool:
    """A reported clause whose verb comes first and names no subject of its own before it."""
    return hit.first - clause_start <= 3 and not any(clause_start <= g[0].first < hit.first for g in groups)


def _crowd_supported(hit: TriggerHit, hits: list[TriggerHit], tokens: list[Token]) -> bool:
    """An ambiguous crowd verb ("احتشد", "هتف") with protesters as its subject."""
    return any(
        h.trigger.type == hit.trigger.type
        and is_participant(tokens[h.first], tokens[h.first - 1] if h.first else None)
        and crowd_action(h, tokens) == hit.first
        for h in hits
    )


# "إنه طالب", "أنها رفضت": after that + a pronoun the next word is the clause's verb.
_THAT_PRONOUN = frozenset(fold_keep_ta(w) for w in ("إنه", "إنها", "إنهم", "أنه", "أنها", "أنهم", "بأنه", "بأنها", "بأنهم"))


def _after_pronoun_that(tokens: list[Token], hit: TriggerHit) -> bool:
    """A verb trigger right after "إنه" / "أنها" is a verb, not its noun homograph
    ("إنه طالب المسؤولين": demanded, not a student)."""
    return hit.trigger.head_is_verb and hit.first > 0 and tokens[hit.first - 1].folded.lstrip("وف") in _THAT_PRONOUN


def _claimants(reported: list[Claim], at: int) -> list[str]:
    """Speakers whose reported speech covers token `at`."""
    return [c for claim in reported if claim.start <= at for c in claim.speakers]


def _charged_with(hit: TriggerHit, tokens: list[Token], told: list[Event]) -> Event | None:
    """"اتهمت الولايات المتحدة كوريا الشمالية بإرسال جنود": a verbal noun with ب right after
    the accused of an accusation told in its sentence is the act it charges them with."""
    if hit.trigger.head_is_verb or not tokens[hit.first].folded.lstrip("وف").startswith("ب"):
        return None
    for e in reversed(told):
        if e.type != "ACCUSE" or not e.target or e.negated:
            continue
        j = hit.first
        while j > 0 and tokens[j - 1].start >= e.trigger_span[1] and hit.first - j <= 10:
            j -= 1  # back to the first word after the accusation's trigger
        near = 0 < hit.first - j <= 10 and (j == 0 or tokens[j - 1].start < e.trigger_span[1])
        if near and not any(clause_break(tokens, i) for i in range(j + 1, hit.first)):
            return e
        break
    return None


def _own_government(source: list[str]) -> list[str]:
    """Civilians or an opposition protesting with no one named protest against the
    government of their own country (PLOVER codes a domestic protest so)."""
    countries = {c[:3] for c in source if len(c) == 6 and c[3:] in ("CVL", "OPP")}
    if len(countries) != 1 or len(countries) != len({c[:3] for c in source}):
        return []
    return [countries.pop() + "GOV"]


def _country_hit(slots: list[Slot], source: list[str], states: frozenset[str]) -> list[str]:
    """An attack with no target named hits the one other country its sentence names,
    as an actor or a place ("يؤخر القصف الإسرائيلي ... قالت وزارة الدفاع السورية")."""
    own = {c[:3] for c in source}
    others = {s.code[:3] for s in slots if s.code[:3] in states and s.code[:3] not in own}
    return [others.pop()] if len(others) == 1 else []


def _states(mentions: list[ActorMention]) -> frozenset[str]:
    """Country codes among an article's mentions (not organisations or regions: "GCC")."""
    return frozenset(
        m.code[:3] for m in mentions
        if is_country_code(m.code) and m.code not in REGIONS and (m.entry is None or m.entry.kind not in ("org", "region"))
    )


def _host_country(slots: list[Slot], tokens: list[Token], after: int, stop: int, source: list[str]) -> str | None:
    own = {c[:3] for c in source}
    for s in slots:
        if s.place and after < s.first < stop and s.code[:3] not in own and own:
            lead = tokens[s.first - 1].folded if s.first > 0 else ""
            if lead in ("في", "الي") or tokens[s.first].folded.startswith(("ب", "الي")):
                return s.code[:3]
    return None


def _location(text: str, slots: list[Slot]) -> str | None:
    for s in slots:
        if s.place:
            return text[s.start : s.end]
    return None


_AGREEMENTS = frozenset(
    fold_keep_ta(w)
    for w in ("الاتفاق", "الاتفاقية", "المعاهدة", "الاتفاقيه", "المعاهده", "الصفقة", "المذكرة", "البروتوكول", "الهدنة")
)


def _names_agreement(tokens: list[Token], hit: TriggerHit) -> bool:
    """"صادق ... على المعاهدة": an agreement as the object settles an ambiguous verb (not
    one in force that is carried out: "التزامها بتنفيذ بنود اتفاقية السلام")."""
    return any((t.folded.lstrip("وفبل") in _AGREEMENTS or ("ال" + t.stems[-1]) in _AGREEMENTS) and not in_force(tokens, j)
               for j, t in enumerate(tokens[hit.last + 1 : hit.last + 12], hit.last + 1))


# "تنفيذ الاتفاق", "بنود المعاهدة", "خرق الهدنة", "بموجب الاتفاقية": an agreement already in
# force, carried out, kept or broken, is named, not concluded again.
_IN_FORCE = frozenset(
    fold_keep_ta(w)
    for w in ("تنفيذ", "تطبيق", "بنود", "بند", "نص", "نصوص", "خرق", "خروقات", "انتهاك", "انتهاكات", "احترام",
              "بموجب", "إطار", "اطار", "وفق", "وفقا", "شروط", "مقتضيات", "أحكام", "احكام", "تفعيل", "استكمال",
              "الالتزام", "التزام", "مخالفة", "روح", "ضوء")
)


def in_force(tokens: list[Token], k: int) -> bool:
    """Token k, an agreement noun, is governed by a word of carrying out or breaking it."""
    if k == 0:
        return False
    prev = tokens[k - 1].folded.lstrip("وف")
    prev = prev[1:] if prev[:1] in "بل" and prev[1:] in _IN_FORCE else prev
    return prev in _IN_FORCE or (prev.startswith("ال") and prev[2:] in _IN_FORCE)


def _agreement_parties(events: list[Event]) -> list[Event]:
    """"صادق مجلس الشيوخ على المعاهدة" after "وقع بوتين معاهدة مع كوريا الشمالية": an
    AGREE with no target whose sentence names "the treaty" ratifies the agreement reported
    before, so its other party is the target."""
    first = next((e for e in events if e.type == "AGREE" and e.source and e.target), None)
    if first is None:
        return events
    parties = {c[:3] for c in (*first.source, *first.target)}
    out = []
    for e in events:
        if e.type == "AGREE" and not e.source and e is not first and {c[:3] for c in e.target} <= parties:
            # "أبرمت هذه المعاهدة خلال زيارة ...": a passive signing of the treaty told before
            words = {fold_keep_ta(w.strip("،.")) for w in e.sentence.split()}
            if words & _AGREEMENTS:
                e = replace(e, source=first.source, target=first.target, rule=e.rule + "; parties: the agreement told before")
        elif e.type == "AGREE" and e.source and not e.target and e is not first:
            words = {fold_keep_ta(w.strip("،.")) for w in e.sentence.split()}
            own = {c[:3] for c in e.source}
            others = sorted(parties - own)
            if words & _AGREEMENTS and own & parties and others:
                e = replace(e, target=tuple(others), rule=e.rule + "; target: the parties of the agreement told before")
        out.append(e)
    return out


def _dedupe(events: list[Event]) -> tuple[Event, ...]:
    """One event per (type, source, target, sentence): a phrase and its verb do not count twice."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for e in events:
        key = (e.type, e.source, e.target, e.sentence, e.negated)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    # "وخرج آلاف المتظاهرين": the crowd verb and its protester noun are one protest; the
    # copy that misses a role another copy of its sentence names is the same event
    by_sentence: dict[tuple[str, str, bool], list[Event]] = {}
    for e in out:
        by_sentence.setdefault((e.sentence, e.type, e.negated), []).append(e)

    def less_told(e: Event) -> bool:
        others = [o for o in by_sentence[(e.sentence, e.type, e.negated)] if o is not e]
        return any(
            (not e.source and o.source and set(e.target) <= set(o.target))
            or (not e.target and o.target and e.source == o.source)
            for o in others
        )

    return tuple(e for e in out if not less_told(e))

"""Generate a content file of a given number of cards, for the benchmarks.

The mix follows the first seed episode: per idea five `qa` cards, a `when` and a `topic`
card, and two quotes, each a `who` card and one to three `cloze` phrases (the episode lists
those kinds, so they are made whatever the defaults); ideas alternate between Chinese and
English text. Every answer is its own, as in a deck the card lint passes. The output is
deterministic for a size and seed.

    python bench/generate.py 10000 -o /tmp/bench-10k.yaml
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path
from typing import Any

MOST_PER_IDEA = 15  # 5 qa + when + topic + 2 quotes × (who + 1 to 3 cloze): 13 on average

SPEAKERS: list[dict[str, Any]] = [
    {"id": "qukai", "name": "曲凯", "aliases": ["KaiQu"], "role": "host"},
    {"id": "zhuyibo", "name": "朱亦博", "role": "guest", "bio": "阶跃星辰联合创始人"},
    {"id": "ada", "name": "Ada Lovelace", "aliases": ["Ada", "Lovelace"], "role": "guest"},
    {"id": "grace", "name": "Grace Hopper", "role": "guest",
     "bio": "Wrote the first compiler and found the first bug <in a relay>."},
]

ZH_TERMS = [
    "水管工", "分布式训练", "算力集群", "芯片", "推理成本", "数据中心", "大模型", "调度系统",
    "开源生态", "卡脖子", "显存带宽", "并行策略", "容错机制", "通信开销", "能耗", "散热",
    "编译器", "算子融合", "量化", "稀疏化", "混合专家", "长上下文", "检索增强", "向量数据库",
    "云厂商", "私有化部署", "边缘计算", "模型压缩", "训练平台", "基础设施",
]
ZH_FILLER = [
    "我们当时发现", "其实最难的是", "很多人没有意识到", "说到底", "从工程上看", "这件事的关键在于",
    "如果回头看", "换句话说", "行业里普遍认为", "真正拉开差距的是",
]
ZH_TAIL = ["。", ",这一点很重要。", ",但没人愿意做。", ",所以要站到最难的地方。", "。"]

EN_TERMS = [
    "plumbing", "distributed training", "compute cluster", "accelerator", "inference cost",
    "data centre", "foundation model", "scheduler", "open source", "memory bandwidth",
    "pipeline parallelism", "fault tolerance", "interconnect", "power budget", "cooling",
    "compiler", "kernel fusion", "quantisation", "sparsity", "mixture of experts",
    "long context", "retrieval", "vector index", "cloud provider", "on-premise",
    "edge inference", "distillation", "training platform", "infrastructure", "checkpointing",
]
EN_FILLER = [
    "What we learned early on is that", "Honestly, the hard part was", "Most people miss that",
    "At the end of the day", "From an engineering point of view", "The key thing about",
    "Looking back,", "In other words,", "Everyone in the industry says", "What really matters is",
]
EN_TAIL = [".", ", and that matters.", ", but nobody wants to do it.",
           " & it is <not> optional.", "."]


def _time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _overlaps(text: str, phrases: list[str]) -> bool:
    """Tell whether any two phrases overlap somewhere in `text` (the loader refuses that)."""
    spans = []
    for phrase in phrases:
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + len(phrase))
    spans.sort()
    return any(b[0] < a[1] for a, b in itertools.pairwise(spans))


class _Writer:
    """Makes the ideas and quotes of one episode from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.quotes = 0

    def sentence(self, zh: bool, terms: list[str]) -> str:
        rng = self.rng
        filler, tail = (ZH_FILLER, ZH_TAIL) if zh else (EN_FILLER, EN_TAIL)
        sep = "" if zh else " "
        words = [rng.choice(filler)]
        for term in terms:
            words.append(term)
            words.append(rng.choice(("和", "与", "还有", "以及")) if zh else
                         rng.choice(("and", "versus", "as well as", "next to")))
        words.pop()
        return sep.join(words) + rng.choice(tail)

    def quote(self, n: int, zh: bool, idea: str | None, at: int | None) -> dict[str, Any]:
        rng = self.rng
        pool = ZH_TERMS if zh else EN_TERMS
        cloze_count = rng.choice((1, 2, 3))
        number = self.quotes + 1  # the terms of each quote are its own: no two cloze answers
        while True:                # of the episode are the same
            terms = [f"{term}{number}" for term in rng.sample(pool, 4)]
            text = (self.sentence(zh, terms[:2]) + ("" if zh else " ")
                    + self.sentence(zh, terms[2:]))
            cloze = rng.sample(terms, cloze_count)
            if not _overlaps(text, cloze):
                break
        self.quotes += 1
        quote: dict[str, Any] = {"id": f"q{self.quotes}", "by": SPEAKERS[n % 4]["id"]}
        if at is not None:
            quote["at"] = _time(at)
        if idea is not None:
            quote["idea"] = idea
        quote["text"] = text
        quote["cloze"] = cloze
        return quote

    def idea(self, n: int, qa: int, timed: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Return idea `n` with `qa` authored cards and, when `timed`, its two quotes."""
        rng = self.rng
        zh = n % 2 == 0
        pool = ZH_TERMS if zh else EN_TERMS
        topic = rng.choice(pool)
        title = (f"第{n}节:{topic}为什么重要?" if zh else
                 f"Part {n}: why {topic} matters")
        at = 60 + n * 97 if timed else None
        idea: dict[str, Any] = {"id": f"idea-{n}"}
        if at is not None:
            idea["at"] = _time(at)
        idea["title"] = title
        idea["summary"] = (self.sentence(zh, rng.sample(pool, 3)) + ("" if zh else " ")
                           + self.sentence(zh, rng.sample(pool, 2)))
        idea["points"] = [self.sentence(zh, rng.sample(pool, 2)) for _ in range(2)]
        cards = []
        for k in range(qa):
            answer = f"{rng.choice(pool)} {n}x{k + 1}"  # every answer its own, unlike a cloze
            q = (f"第{n}节第{k + 1}问:{self.sentence(True, [topic])}指的是什么?" if zh else
                 f"Part {n}, question {k + 1}: {self.sentence(False, [topic])} What is it?")
            card: dict[str, Any] = {}
            if k % 3 != 2:  # every third card is known by its question alone
                card["id"] = f"i{n}-c{k + 1}"
            card["q"] = q
            card["a"] = answer
            if k % 2 == 0:
                card["accept"] = [answer.upper() if not zh else answer + "吧"]
            cards.append(card)
        if cards:
            idea["cards"] = cards
        quotes = []
        if at is not None:
            # the second quote has no time of its own: it takes its idea's, approximate
            quotes = [self.quote(n, zh, idea["id"] if n % 3 else None, at + 30),
                      self.quote(n + 1, zh, idea["id"], None)]
        return idea, quotes


def count_cards(content: dict[str, Any]) -> int:
    """Return the number of cards `quiz` makes of `content` (as plain data)."""
    total = 0
    for idea in content.get("ideas", []):
        total += len(idea.get("cards", [])) + (2 if "at" in idea else 0)
    for quote in content.get("quotes", []):
        total += 1 + len(quote.get("cloze", []))
    return total


def generate(cards: int, seed: int = 0) -> dict[str, Any]:
    """Return the content, as plain data, of an episode of exactly `cards` cards."""
    writer = _Writer(seed)
    ideas: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    left = cards
    n = 0
    while left > 0:
        n += 1
        if left >= MOST_PER_IDEA:  # room for a full idea, whatever its quotes take
            idea, made = writer.idea(n, 5, timed=True)
            quotes.extend(made)
            left -= 5 + 2 + sum(1 + len(q["cloze"]) for q in made)
        else:  # the rest as authored cards of one last idea without a time
            idea, _ = writer.idea(n, left, timed=False)
            left = 0
        ideas.append(idea)
    return {
        "format": 1,
        "episode": {"id": f"bench-{cards}", "title": f"基准测试 Benchmark of {cards} cards",
                    "show": "Bench", "date": "2025-08-02", "language": "zh",
                    "url": "https://www.youtube.com/watch?v=bench",
                    "kinds": ["who", "when", "topic"]},
        "speakers": SPEAKERS,
        "ideas": ideas,
        "quotes": quotes,
    }


def dump(content: dict[str, Any]) -> str:
    """Return `content` as YAML, block style as people write it."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(content, Dumper=dumper, allow_unicode=True, sort_keys=False,
                         width=100, default_flow_style=False))


def write(path: str | Path, cards: int, seed: int = 0) -> Path:
    """Write a content file of exactly `cards` cards to `path`."""
    path = Path(path)
    path.write_text(dump(generate(cards, seed)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cards", type=int, help="number of cards")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.output is None:
        sys.stdout.write(dump(generate(args.cards, args.seed)))
    else:
        write(args.output, args.cards, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write a large synthetic data set that is valid under the schema.

    python benchmarks/gen_data.py OUT_DIR [--nutrients 2000] [--faq 20000] [--foods 5000]

The text is generated from a small vocabulary so that searching it is realistic (shared
words, near-misses), and every cross-reference resolves.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = ("muscle nerve twitch cramp spasm calcium magnesium potassium sodium vitamin "
         "sleep stress caffeine water sweat exercise diet fish nuts seeds greens dairy "
         "absorb signal relax contract energy blood level deficiency supplement doctor").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(out: Path, nutrients: int, faq: int, foods: int, seed: int = 7) -> None:
    """Write the six data files into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    refs = [{"id": f"ref-{i}", "title": f"Source {i}", "publisher": "Synthetic Press",
             "url": f"https://example.org/{i}"} for i in range(min(200, max(nutrients, 4)))]
    food_names = [f"food {i} {rng.choice(WORDS)}" for i in range(foods)]
    nutrient_ids = [f"nutrient-{i}" for i in range(nutrients)]
    records = []
    for i, nid in enumerate(nutrient_ids):
        picks = rng.sample(food_names, 6)
        records.append({
            "id": nid, "name": f"Nutrient {i}", "aliases": [f"N{i}", f"alias {i}"],
            "kind": rng.choice(["mineral", "vitamin"]), "summary": _sentence(rng, 20),
            "functions": [_sentence(rng, 2)[:-1].lower() for _ in range(3)],
            "link": {"type": rng.choice(["direct", "indirect"]), "text": _sentence(rng, 25)},
            "deficiency": {"name": f"hypo-{i}", "text": _sentence(rng, 15)},
            "foods": [{"name": picks[0], "serving": "1 cup", "amount": rng.randint(1, 900),
                       "unit": rng.choice(["mg", "mcg", "g"]), "refs": ["ref-1"]}]
            + [{"name": p} for p in picks[1:]],
            "related": rng.sample([x for x in nutrient_ids if x != nid], 2),
            "intake": {"kind": "RDA", "unit": rng.choice(["mg", "mcg", "g"]),
                       "values": [{"sex": "any", "age_min": 19, "age_max": None,
                                   "amount": rng.randint(1, 5000)}],
                       "refs": ["ref-2"]},
            "upper_limit": ({"amount": rng.randint(100, 9000), "unit": "mg", "refs": ["ref-3"]}
                            if rng.random() < 0.7 else
                            {"amount": None, "note": "none set", "refs": ["ref-3"]}),
            "refs": [f"ref-{i % len(refs)}"],  # every reference is cited somewhere
        })
    # every food appears somewhere
    for index, name in enumerate(food_names):
        records[index % nutrients]["foods"].append({"name": name})
    faq_entries = [{"id": f"q-{i}", "question": _sentence(rng, 10)[:-1] + "?",
                    "answer": _sentence(rng, 40), "tags": rng.sample(nutrient_ids, 2)}
                   for i in range(faq)]
    habits = [{"id": f"habit-{i}", "label": f"Habit {i}", "why": _sentence(rng, 12)}
              for i in range(5)]
    overview = {"title": "Synthetic data", "headline": {"text": _sentence(rng, 12)},
                "key_points": [{"title": "Point", "text": _sentence(rng, 12)}],
                "disclaimer": _sentence(rng, 10),
                "see_a_doctor": {"intro": _sentence(rng, 8), "red_flags": ["Weakness"]}}
    dump = {"references.yaml": {"references": refs}, "nutrients.yaml": {"nutrients": records},
            "faq.yaml": {"faq": faq_entries}, "lifestyle.yaml": {"habits": habits},
            "overview.yaml": overview,
            "pages.yaml": {"pages": [{
                "id": "page-0", "title": "Page", "summary": _sentence(rng, 12),
                "sections": [{"heading": "Section", "items": [{"text": _sentence(rng, 12)}]}],
            }]}}
    for name, tree in dump.items():
        with open(out / name, "w", encoding="utf-8") as handle:
            yaml.dump(tree, handle, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                      sort_keys=False, allow_unicode=True)


def main() -> None:
    """Parse arguments and write the data set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--nutrients", type=int, default=2000)
    parser.add_argument("--faq", type=int, default=20000)
    parser.add_argument("--foods", type=int, default=5000)
    args = parser.parse_args()
    generate(args.out, args.nutrients, args.faq, args.foods)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

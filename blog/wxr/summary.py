"""What an import did, for the command to print."""

from collections import Counter
from dataclasses import dataclass, field

EXAMPLES_PER_REASON = 3


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason → count
    skipped_examples: dict[str, list[str]] = field(default_factory=dict)
    notes: Counter = field(default_factory=Counter)  # things kept, but changed on the way
    unknown_shortcodes: Counter = field(default_factory=Counter)

    def skip(self, what: str, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count
        examples = self.skipped_examples.setdefault(reason, [])
        if len(examples) < EXAMPLES_PER_REASON:
            examples.append(what)

    def lines(self) -> list[str]:
        out = ["Imported:"]
        kinds = sorted(set(self.created) | set(self.existing))
        for kind in kinds:
            line = f"  {kind}: {self.created[kind]} added"
            if self.existing[kind]:
                line += f", {self.existing[kind]} already imported"
            out.append(line)
        if not kinds:
            out.append("  nothing")
        if self.skipped:
            out.append("Skipped:")
            for reason, count in self.skipped.most_common():
                examples = ", ".join(self.skipped_examples.get(reason, []))
                out.append(f"  {count} × {reason}" + (f" (e.g. {examples})" if examples else ""))
        else:
            out.append("Nothing was left out: everything in the file has a place here.")
        for note, count in self.notes.most_common():
            out.append(f"Note: {count} × {note}")
        if self.unknown_shortcodes:
            names = ", ".join(f"[{name}] ×{n}" for name, n in self.unknown_shortcodes.most_common())
            out.append(f"Shortcodes kept as text (no equivalent here): {names}")
        return out

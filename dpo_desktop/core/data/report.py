"""The validation report as plain data (for `check-data --json`) and as readable text."""

from __future__ import annotations

from typing import Any

from dpo_desktop.core.data.dataset import PreferenceDataset

ENCODING_NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp932": "CP932 (Shift_JIS)",
    "utf-16": "UTF-16 with BOM", "utf-16-le": "UTF-16 LE (no BOM)",
    "utf-16-be": "UTF-16 BE (no BOM)", "utf-32": "UTF-32 with BOM",
}


def report_to_dict(dataset: PreferenceDataset, eval_fraction: float = 0.1, seed: int = 42
                   ) -> dict[str, Any]:
    report = dataset.report
    train, evaluation = dataset.split(eval_fraction, seed)
    return {
        "file": report.path,
        "format": report.format,
        "encoding": report.encoding,
        "sheet": report.sheet,
        "shape": report.shape,
        "mapping": dict(report.mapping),
        "rows_total": report.rows_total,
        "rows_valid": report.rows_valid,
        "rows_excluded": report.rows_excluded,
        "train_rows": len(train),
        "eval_rows": len(evaluation),
        "issues": [issue.as_dict() for issue in report.issues],
    }


def report_to_text(summary: dict[str, Any], max_issues: int = 20) -> str:
    encoding = summary["encoding"]
    lines = [
        f"File:     {summary['file']}",
        f"Format:   {summary['format'].upper()}"
        + (f" (sheet “{summary['sheet']}”)" if summary.get("sheet") else ""),
    ]
    if encoding:
        lines.append(f"Encoding: {ENCODING_NAMES.get(encoding, encoding)}")
    mapping = ", ".join(f"{k} ← “{v}”" for k, v in summary["mapping"].items())
    if summary["shape"] == "implicit":
        mapping += " (no prompt column: the prompt is the shared start of chosen and rejected)"
    lines += [
        f"Columns:  {mapping}",
        f"Rows:     {summary['rows_total']} total, {summary['rows_valid']} valid, "
        f"{summary['rows_excluded']} excluded",
        f"Split:    {summary['train_rows']} train, {summary['eval_rows']} eval",
    ]
    issues = summary["issues"]
    # A blank row is skipped: it is excluded like an error, but it is nothing to fix.
    skipped = sum(1 for i in issues if i["code"] == "blank_row")
    errors = sum(1 for i in issues if i["severity"] == "error") - skipped
    warnings = len(issues) - errors - skipped
    if issues:
        lines.append(f"Problems: {errors} error(s), {warnings} warning(s)"
                     + (f", {skipped} blank row(s) skipped" if skipped else ""))
        for issue in issues[:max_issues]:
            label = "skipped" if issue["code"] == "blank_row" else issue["severity"]
            lines.append(f"  {label.upper():7} {issue['message']}")
        if len(issues) > max_issues:
            lines.append(f"  … and {len(issues) - max_issues} more (use --json to see all)")
    else:
        lines.append("Problems: none")
    return "\n".join(lines)

"""`make audit-deps`: pip-audit over the installed dependencies, honest about what it could not
check. Known vulnerabilities fail the run; missing vulnerability data (no network, or a package
index mirror without PyPI's JSON API) is reported plainly and does not."""

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
UNREACHABLE = 0  # exit status when the data could not be reached: a note, not a failure


def run_pip_audit() -> tuple[dict | None, str]:
    command = [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr


def summarise(report: dict) -> tuple[list[str], list[str], list[str]]:
    """(vulnerabilities, audited package names, skipped package names)."""
    vulnerabilities, audited, skipped = [], [], []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped.append(dependency["name"])
            continue
        audited.append(dependency["name"])
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            vulnerabilities.append(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
            )
    return vulnerabilities, audited, skipped


def main() -> int:
    report, errors = run_pip_audit()
    if report is None:
        last_line = (errors.strip().splitlines() or ["no output"])[-1]
        print("NOTE: pip-audit could not reach the vulnerability data; dependencies were NOT "
              f"audited ({last_line}). Run `make audit-deps` where pypi.org is reachable.")
        return UNREACHABLE
    vulnerabilities, audited, skipped = summarise(report)
    if not audited:
        print(f"NOTE: pip-audit reached no vulnerability data for any of the {len(skipped)} "
              "installed packages (offline, or the package index is a mirror without PyPI's "
              "JSON API); dependencies were NOT audited. Run `make audit-deps` with pypi.org "
              "reachable.")
        return UNREACHABLE
    if skipped:
        print(f"pip-audit could not check {len(skipped)} package(s): {', '.join(skipped)}")
    if vulnerabilities:
        print("Known vulnerabilities in installed dependencies:")
        print("\n".join(f"  {line}" for line in vulnerabilities))
        return 1
    print(f"pip-audit: no known vulnerabilities in {len(audited)} audited package(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

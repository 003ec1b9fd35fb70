"""The ``extractor`` command line."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run a subcommand; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="extractor", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_run = sub.add_parser("run", help="extract tables from files or folders")
    p_run.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p_run.add_argument("--out", required=True, help="output folder for tables and texts")
    p_run.add_argument("--strict", action="store_true", help="exit with status 1 if any document failed")
    p_run.add_argument("--quiet", action="store_true", help="no progress output")

    p_score = sub.add_parser("score", help="precision/recall/F1 of a run against a gold folder")
    p_score.add_argument("gold_dir")
    p_score.add_argument("run_dir")
    p_score.add_argument("--doc", required=True, help="doc_id of the document the gold describes")

    p_audit = sub.add_parser("audit", help="cross-check a run's cited documents and stated figures")
    p_audit.add_argument("run_dir")
    p_audit.add_argument("--catalogue", default=None, help="reference CSV: number, kind, date, issuer, title")
    p_audit.add_argument("--out", default=None, help="output folder (default: RUN_DIR)")

    args = parser.parse_args(argv)
    if args.command == "run":
        from .run import run

        summary = run(args.paths, args.out, quiet=args.quiet)
        print(f"{summary.documents} documents, {summary.errors} errors -> {summary.out}")
        return 1 if args.strict and summary.errors else 0
    if args.command == "score":
        from .score import format_report, score

        print(format_report(score(args.gold_dir, args.run_dir, args.doc)))
        return 0
    if args.command == "audit":
        from .audit import audit

        try:
            result = audit(args.run_dir, catalogue=args.catalogue, out=args.out)
        except (FileNotFoundError, ValueError) as exc:
            print(f"extractor audit: {exc}", file=sys.stderr)
            return 2
        print(result.markdown)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""The ``extractor`` command line."""

from __future__ import annotations

import argparse
import sys


def _positive(kind):
    # argparse type: a clear usage error for 0 or negative worker counts and timeouts instead of a hang.
    def parse(value: str):
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, got {value}")
        return number

    parse.__name__ = kind.__name__
    return parse


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run a subcommand; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="extractor", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_run = sub.add_parser("run", help="extract tables from files or folders")
    p_run.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p_run.add_argument("--out", required=True, help="output folder for tables and texts")
    p_run.add_argument("--strict", action="store_true", help="exit with status 1 if any document failed")
    p_run.add_argument("--quiet", action="store_true", help="no progress output")
    p_run.add_argument("--workers", type=_positive(int), default=None, help="parallel worker processes (default: all cores)")
    p_run.add_argument("--timeout", type=_positive(float), default=None,
                       help="seconds one document may take before it becomes an error row (local engine)")
    p_run.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local process pool, or a dask.distributed cluster")
    p_run.add_argument("--scheduler", default=None,
                       help="dask scheduler address (tcp://HOST:PORT); without it --engine dask starts a local cluster")

    p_score = sub.add_parser("score", help="precision/recall/F1 of a run against a gold folder")
    p_score.add_argument("gold_dir")
    p_score.add_argument("run_dir")
    p_score.add_argument("--doc", required=True, help="doc_id of the document the gold describes")

    p_audit = sub.add_parser("audit", help="cross-check a run's cited documents and stated figures")
    p_audit.add_argument("run_dir")
    p_audit.add_argument("--catalogue", default=None, help="reference CSV: number, kind, date, issuer, title")
    p_audit.add_argument("--out", default=None, help="output folder (default: RUN_DIR)")

    p_query = sub.add_parser("query", help="SQL (DuckDB) over a run's tables, each a view under its name")
    p_query.add_argument("run_dir")
    p_query.add_argument("sql", help='e.g. "SELECT kind, count(*) FROM citations GROUP BY kind"')
    p_query.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")

    p_review = sub.add_parser("review", help="HTML pages to check each document's mentions against its text")
    p_review.add_argument("run_dir")
    p_review.add_argument("--doc", action="append", help="only this doc_id (repeatable; default: all)")
    p_review.add_argument("--out", default=None, help="output folder (default: RUN_DIR/review)")

    args = parser.parse_args(argv)
    if args.command == "run":
        from pathlib import Path

        from .run import run

        missing = [p for p in args.paths if not Path(p).exists()]
        if missing:  # a mistyped path on the command line is a usage error, not a bad file in the archive
            parser.error(f"no such file or folder: {', '.join(missing)}")
        try:
            summary = run(args.paths, args.out, quiet=args.quiet, workers=args.workers, timeout=args.timeout,
                          engine=args.engine, scheduler=args.scheduler)
        except (ValueError, OSError) as exc:
            parser.error(str(exc))
        print(f"{summary.documents} documents, {summary.errors} errors -> {summary.out} "
              f"({summary.processed} processed, {summary.skipped} already done, {summary.seconds:.1f} s)")
        return 1 if args.strict and summary.errors else 0
    if args.command == "score":
        from .score import format_report, score

        try:
            print(format_report(score(args.gold_dir, args.run_dir, args.doc)))
        except (FileNotFoundError, KeyError) as exc:
            print(f"extractor score: {exc.args[0] if exc.args else exc}", file=sys.stderr)
            return 2
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
    if args.command == "query":
        from .query import QueryError, query, render

        try:
            print(render(query(args.run_dir, args.sql), args.format))
        except QueryError as exc:
            print(f"extractor query: {exc}", file=sys.stderr)
            return 2
        return 0
    if args.command == "review":
        from .review import ReviewError, write_review

        try:
            index = write_review(args.run_dir, args.out, docs=args.doc)
        except ReviewError as exc:
            print(f"extractor review: {exc}", file=sys.stderr)
            return 2
        print(f"review pages -> {index}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

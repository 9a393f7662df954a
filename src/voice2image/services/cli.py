"""`voice2image serve asr|image|orchestrator|all [--port N] [overrides...]`.

Overrides are Hydra overrides of conf/ (`asr=faster_whisper_base diffusion=tiny
serve.max_waiting=4 serve.asr_url=http://127.0.0.1:8001`)."""

from __future__ import annotations

import argparse
import logging

from voice2image.services.settings import ROLES, service_config

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "service",
        choices=[*ROLES, "all"],
        help="which service; `all`: the three in one process (the orchestrator in-process)",
    )
    parser.add_argument("--host", default=None, help="default: serve.host (127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="default: serve.port (8000)")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. diffusion=tiny")
    # Overrides may come before or after --port: argparse's plain parse stops at the first
    # positional run, so this parser reads options and positionals intermixed.
    parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]


def main(args: argparse.Namespace) -> int:
    import uvicorn

    from voice2image.services.app import create_app

    config = service_config(list(args.overrides))
    roles = list(ROLES) if args.service == "all" else [args.service]
    app = create_app(roles, config)
    app.state.services.build()  # a bad config stops here, with one line
    host = args.host or config.settings.host
    port = config.settings.port if args.port is None else args.port
    log.info("serving %s on http://%s:%d (docs: /docs)", args.service, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
    return 0

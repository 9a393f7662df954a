"""The pipeline as HTTP services: ASR, image and an orchestrator with a web page and a live
meeting demo (docs/services.md). `voice2image serve asr|image|orchestrator|all` starts them."""

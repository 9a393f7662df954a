"""Scripts around the services, not imported by the library: a load test
(`python -m voice2image.tools.loadtest`), a scripted two-voice meeting
(`python -m voice2image.tools.meeting_demo`), and the synthesized speech they and the tests send
(`speech`)."""

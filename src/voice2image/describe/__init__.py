"""`voice2image describe AUDIO... [overrides]`: one recording (or a few) to a transcript, a
structured description, a prompt and an image, in this process, with the models the services
hold (`core`), printed and written beside each file (`cli`). docs/describe.md."""

"""The business case of a waardenmakerij (article theme 3 and 4): MKBA, brede welvaart and
procurement of executors."""

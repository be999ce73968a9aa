"""Generated audio for phrases: TTS engines behind one Protocol, processing, a content-addressed
cache and the references the database keeps to it.

Kept import-light on purpose: the espeak-ng worker process imports ``phrasebook.audio.espeak``
and must start quickly, so nothing heavy (numpy, SQLAlchemy) is imported here.
"""

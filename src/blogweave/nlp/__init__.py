"""The NLP stage: the spaCy pipeline, the entity lexicon and its data files, span repairs and entity typing."""

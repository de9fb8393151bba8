"""Resolution: merging mentions across spellings and posts into entities, and facts onto them."""

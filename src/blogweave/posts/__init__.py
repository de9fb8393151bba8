"""Reading posts: finding files, front matter and site headers, metadata, Markdown to text with offsets."""

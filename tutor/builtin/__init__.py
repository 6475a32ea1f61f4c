"""The built-in plugins: the course's topics, registered through the public hooks."""

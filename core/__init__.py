"""Small shared parts with no project models: every app may import them, they import no app."""

"""Local stand-ins for the services Divulga talks to, for tests and manual runs."""

"""Passline's domain rules: pure standard-library Python shared by the server and the browser."""

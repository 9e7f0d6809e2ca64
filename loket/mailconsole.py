"""The demo's mail on the console, readable: `make run` prints mail instead of sending it.

Django's console backend prints the raw MIME message, whose quoted-printable body breaks a
parent's login link over two lines with a soft "=" (copied, the link does not work) and writes
"één" as "=C3=A9=C3=A9n". This one prints the headers that matter and the plain text as it is.
"""

from django.core.mail.backends import console


class EmailBackend(console.EmailBackend):
    def write_message(self, message):
        self.stream.write(f"Aan: {', '.join(message.to)}\nOnderwerp: {message.subject}\n\n{message.body}\n")
        self.stream.write("-" * 79 + "\n")

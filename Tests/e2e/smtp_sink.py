"""A local SMTP server for .ci/run (issue 24): accepts every message and writes it, with its envelope, to a
directory, one file per message. Python's standard library only.

    python3 Tests/e2e/smtp_sink.py PORT DIRECTORY
"""

import asyncio
import os
import sys

PORT = int(sys.argv[1])
OUT = sys.argv[2]
os.makedirs(OUT, exist_ok=True)
count = 0


async def session(reader, writer):
    global count

    def say(line):
        writer.write((line + "\r\n").encode())

    say("220 grip-ci smtp sink")
    await writer.drain()
    sender, recipients = "", []
    while True:
        raw = await reader.readline()
        if not raw:
            break
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        verb = line[:4].upper()
        if verb in ("EHLO", "HELO"):
            say("250-grip-ci" if verb == "EHLO" else "250 grip-ci")
            if verb == "EHLO":
                say("250 8BITMIME")
        elif verb == "MAIL":
            sender, recipients = line[10:].strip(), []
            say("250 ok")
        elif verb == "RCPT":
            recipients.append(line[8:].strip())
            say("250 ok")
        elif verb == "DATA":
            say("354 end with a dot")
            await writer.drain()
            lines = []
            while True:
                data = (await reader.readline()).decode("utf-8", "replace")
                if data in (".\r\n", ".\n", ""):
                    break
                lines.append(data[1:] if data.startswith("..") else data)
            count += 1
            with open(os.path.join(OUT, "%04d.eml" % count), "w") as f:
                f.write("X-Envelope-From: %s\nX-Envelope-To: %s\n" % (sender, ", ".join(recipients)))
                f.write("".join(lines))
            say("250 queued as %d" % count)
        elif verb == "QUIT":
            say("221 bye")
            await writer.drain()
            break
        else:
            say("250 ok")
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    print("smtp sink on 127.0.0.1:%d, writing to %s" % (PORT, OUT), flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

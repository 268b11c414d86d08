"""cdp.py - a small client of the Chrome DevTools protocol over a pipe.

Chromium started with --remote-debugging-pipe reads the protocol's JSON
messages, each ended by a NUL byte, on file descriptor 3 and writes its
own on descriptor 4: no port, no websocket, nothing beyond Python's
standard library (Debian 12 has no websocket client in python3 itself).
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Browser:
    def __init__(self, binary, log, profile=None):
        to_browser, self._w = None, None
        r1, w1 = os.pipe()  # we write, the browser reads on 3
        r2, w2 = os.pipe()  # the browser writes on 4, we read
        # a profile made here is removed by close(); one given is the caller's
        self._own_profile = profile is None
        self.profile = profile or tempfile.mkdtemp(prefix="grille-cdp-")

        def fds():
            os.dup2(r1, 3)
            os.dup2(w2, 4)

        self.proc = subprocess.Popen([binary] + FLAGS + ["--remote-debugging-pipe",
                                                         "--user-data-dir=" + self.profile, "about:blank"],
                                     preexec_fn=fds, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=log)
        os.close(r1)
        os.close(w2)
        self._w = os.fdopen(w1, "wb")
        self._r = r2
        self._buf = b""
        self._id = 0
        self.events = []
        pages = [t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"]
        self.session = self.call("Target.attachToTarget", {"targetId": pages[0]["targetId"],
                                                           "flatten": True})["sessionId"]

    def _read(self, deadline):
        while b"\0" not in self._buf:
            if time.time() > deadline:
                raise TimeoutError("the browser did not answer")
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise EOFError("the browser closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        """Sends a command and returns its result; events are kept."""
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._w.write(json.dumps(msg).encode() + b"\0")
        self._w.flush()
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def page(self, method, params=None, timeout=60):
        return self.call(method, params, self.session, timeout)

    def eval(self, expr):
        """The value of a JavaScript expression in the page (awaited)."""
        r = self.page("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait(self, expr, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expr):
                return True
            time.sleep(0.05)
        raise TimeoutError("never true: " + expr)

    def key(self, key):
        """Presses and releases a key as a user would: a printable
        character also types its text."""
        named = {"Enter": ("\r", 13), "Escape": ("", 27), "Tab": ("", 9), " ": (" ", 32),
                 "ArrowDown": ("", 40), "ArrowUp": ("", 38), "ArrowLeft": ("", 37), "ArrowRight": ("", 39)}
        text, code = named.get(key, (key, ord(key.upper()) if len(key) == 1 else 0))
        mods = 8 if len(key) == 1 and key.isupper() else 0
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "windowsVirtualKeyCode": code,
                "modifiers": mods}
        if text:
            down["text"] = text
        self.page("Input.dispatchKeyEvent", down)
        self.page("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "windowsVirtualKeyCode": code,
                                             "modifiers": mods})

    def type(self, text):
        for ch in text:
            self.key(ch)

    def screenshot(self, path):
        data = self.page("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self._own_profile:
            shutil.rmtree(self.profile, ignore_errors=True)

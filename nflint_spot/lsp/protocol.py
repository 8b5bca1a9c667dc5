"""What the language server does with a message it cannot use: a request is answered with a
JSON-RPC error, and every protocol error (params that do not fit the method, a change to a
document that is not open, a body that is not JSON) goes to the log, on stderr and as a
window/logMessage for the client's log. pygls would show each one to the user as
"Error in server: ..." (window/showMessage, LanguageServer.report_server_error): the
client's mistake is not the user's business, and a message box per bad frame would be noise."""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger("nflint_spot.lsp.server")


class SpotProtocol(LanguageServerProtocol):
    """pygls' protocol, with a request whose params do not fit answered and a change to a
    document that is not open logged and ignored."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            method = data.get("method")
            # pygls only logs it, and the client would wait forever for an answer.
            if method and data.get("id") is not None:
                self._send_response(data["id"], error=error.to_response_error())
            # The log names the method (report_server_error).
            raise type(error)(message=f"{error.message} in {method or 'a message'}") from error.__cause__

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        # pygls' own handler fails with a KeyError on a document the client never opened.
        uri = params.text_document.uri
        if unquote(uri) not in self.workspace.text_documents:  # pygls keys them unquoted
            protocol_error(self._server, f"textDocument/didChange for {uri}, which is not open: ignored")
            return
        yield from super().lsp_text_document__did_change(params)


class SpotLanguageServer(LanguageServer):
    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors pygls met outside a handler of ours: a request is answered with a JSON-RPC
        error already (pygls, SpotProtocol); the rest is logged, never shown to the user and
        never a reason to stop."""
        cause = error.__cause__
        detail = f"{type(error).__name__}: {error}"
        if cause is not None:
            detail += f": {type(cause).__name__}: {cause}"
        protocol_error(self, f"a message from the client could not be handled: {detail}")


def protocol_error(server: Any, message: str) -> None:
    """Log `message` on stderr and in the client's log (window/logMessage)."""
    log.warning("%s", message)
    try:
        server.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning, message=f"nflint-spot: {message}"))
    except Exception:  # the connection itself is gone: the stderr entry is all we can do
        log.warning("could not send the log message to the client")

# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The private ``/_emulator`` endpoints (not Copr's): reset, request log, faults."""

from flask import request

from .faults import FaultSpecError
from .output import json_response


def register(app, emulator):
    @app.route("/_emulator/reset", methods=["POST"])
    def reset():
        emulator.reset()
        return json_response({"reset": True})

    @app.route("/_emulator/requests", methods=["GET"])
    def requests_get():
        return json_response(emulator.log.all())

    @app.route("/_emulator/requests", methods=["DELETE"])
    def requests_clear():
        emulator.log.clear()
        return json_response({"cleared": True})

    @app.route("/_emulator/faults", methods=["GET"])
    def faults_get():
        return json_response({"faults": emulator.faults.current()})

    @app.route("/_emulator/faults", methods=["PUT", "POST"])
    def faults_put():
        body = request.get_json(force=True, silent=True)
        if body is None:
            return json_response({"error": "send the fault spec as a JSON object"}, 400)
        try:
            spec = emulator.faults.configure(body)
        except FaultSpecError as error:
            return json_response({"error": str(error)}, 400)
        return json_response({"faults": spec})

    @app.route("/_emulator/faults", methods=["DELETE"])
    def faults_delete():
        emulator.faults.configure(None)
        return json_response({"faults": None})

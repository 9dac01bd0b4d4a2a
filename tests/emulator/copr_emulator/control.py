# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The private ``/_emulator`` endpoints (not Copr's): reset, request log, faults, read caches."""

from flask import Blueprint, request

from .api import emulator, json_response
from .faults import FaultSpecError
from .hold import HoldSpecError

blueprint = Blueprint("control", __name__)


@blueprint.route("/_emulator/reset", methods=["POST"])
def reset():
    emulator().reset()
    return json_response({"reset": True})


@blueprint.route("/_emulator/requests", methods=["GET"])
def requests_get():
    # ?clear=true: read and clear in one GET, for clients that can only GET (Ansible's url lookup, which the
    # integration targets use instead of a uri module process per read).
    if request.args.get("clear") == "true":
        return json_response(emulator().log.take())
    return json_response(emulator().log.all())


@blueprint.route("/_emulator/requests", methods=["DELETE"])
def requests_clear():
    emulator().log.clear()
    return json_response({"cleared": True})


@blueprint.route("/_emulator/faults", methods=["GET"])
def faults_get():
    return json_response({"faults": emulator().faults.current()})


@blueprint.route("/_emulator/faults", methods=["PUT", "POST"])
def faults_put():
    body = request.get_json(force=True, silent=True)
    if body is None:
        return json_response({"error": "send the fault spec as a JSON object"}, 400)
    try:
        spec = emulator().faults.configure(body)
    except FaultSpecError as error:
        return json_response({"error": str(error)}, 400)
    return json_response({"faults": spec})


@blueprint.route("/_emulator/faults", methods=["DELETE"])
def faults_delete():
    emulator().faults.configure(None)
    return json_response({"faults": None})


@blueprint.route("/_emulator/hold", methods=["GET"])
def hold_get():
    return json_response(emulator().hold.current())


@blueprint.route("/_emulator/hold", methods=["PUT", "POST"])
def hold_put():
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        return json_response({"error": "send the hold as a JSON object"}, 400)
    try:
        return json_response(emulator().hold.configure(body))
    except HoldSpecError as error:
        return json_response({"error": str(error)}, 400)


@blueprint.route("/_emulator/hold", methods=["DELETE"])
def hold_delete():
    return json_response(emulator().hold.configure(None))


def _cache_status():
    state = emulator().state
    with state.lock:
        return {"seconds": dict(state.cache_seconds),
                "entries": {kind: len(entries) for kind, entries in state.caches.items()}}


@blueprint.route("/_emulator/cache", methods=["GET"])
def cache_get():
    return json_response(_cache_status())


@blueprint.route("/_emulator/cache", methods=["PUT"])
def cache_put():
    """``{"rpmrepo_seconds": N, "repo_file_seconds": N}`` (either or both): the TTLs from now on."""
    body = request.get_json(force=True, silent=True)
    names = {"rpmrepo_seconds": "rpmrepo", "repo_file_seconds": "repo_file"}
    if not isinstance(body, dict) or not body or set(body) - set(names):
        return json_response({"error": "send {\"rpmrepo_seconds\": N, \"repo_file_seconds\": N}"}, 400)
    try:
        seconds = {names[key]: float(value) for key, value in body.items()}
    except (TypeError, ValueError):
        return json_response({"error": "cache seconds must be numbers"}, 400)
    if any(value < 0 for value in seconds.values()):
        return json_response({"error": "cache seconds must not be negative"}, 400)
    state = emulator().state
    with state.lock:
        state.cache_seconds.update(seconds)
    return json_response(_cache_status())


@blueprint.route("/_emulator/cache", methods=["DELETE"])
def cache_expire():
    """Expire every cached answer (``?kind=rpmrepo`` or ``?kind=repo_file`` for one cache)."""
    kind = request.args.get("kind")
    state = emulator().state
    if kind not in (None, "rpmrepo", "repo_file"):
        return json_response({"error": "kind is rpmrepo or repo_file"}, 400)
    with state.lock:
        state.expire_caches(kind)
    return json_response(_cache_status())

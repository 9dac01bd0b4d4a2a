# -*- coding: utf-8 -*-
# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options of every module and lookup. Defaults are described in prose, not as `default:`,
    # because the [copr-cli] config file sits between the environment and the default.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - URL of the Copr server, its web root (the C(/api_3/) part is added).
      - If not set, the environment variable E(COPR_URL) is used, then the C(copr_url) key of the C([copr-cli])
        section of O(config_file), then V(https://copr.fedorainfracloud.org).
    type: str
  api_login:
    description:
      - The API login, the random 20-letter login shown on the server's C(/api) page (not the user name).
      - Needed by tasks that change Copr; reads are anonymous.
      - If not set, the environment variable E(COPR_LOGIN) is used, then the C(login) key of the C([copr-cli])
        section of O(config_file).
    type: str
  api_token:
    description:
      - The API token shown on the server's C(/api) page. Tokens expire (after 180 days on Fedora's server).
      - Needed by tasks that change Copr; reads are anonymous.
      - If not set, the environment variable E(COPR_TOKEN) is used, then the C(token) key of the C([copr-cli])
        section of O(config_file).
    type: str
  username:
    description:
      - The Copr user name; the default owner of projects when a task gives no owner.
      - If not set, the environment variable E(COPR_USERNAME) is used, then the C(username) key of the C([copr-cli])
        section of O(config_file).
    type: str
  config_file:
    description:
      - Path of the config file used by C(copr-cli) and python-copr, whose C([copr-cli]) section gives C(copr_url),
        C(login), C(token) and C(username) for the options that are not set otherwise.
      - If not set, the environment variable E(COPR_CONFIG) is used, then C(~/.config/copr) when that file exists.
        A file named explicitly must exist and have a C([copr-cli]) section; a default file that cannot be used
        is ignored with a warning.
      - The login, token and user name of the file are used only when O(api_url) is the file's C(copr_url)
        (U(https://copr.fedorainfracloud.org) when the file has none), so they are never sent to another server.
    type: path
  validate_certs:
    description:
      - Whether to check the server's TLS certificate.
      - If not set, the environment variable E(COPR_VALIDATE_CERTS) is used, then V(true).
      - Set to V(false) only for a test server; prefer O(ca_path) for a private certificate authority.
    type: bool
  ca_path:
    description:
      - A PEM bundle of the certificate authorities to trust (or a directory of them) instead of the default bundle.
      - If not set, the environment variable E(COPR_CA_PATH) is used. The E(REQUESTS_CA_BUNDLE) variable is ignored.
    type: path
  timeout:
    description:
      - The most one request attempt may take, in seconds, from connecting to the last byte of the answer (also
        when a server sends its answer slowly); greater than 0.
      - A call takes at most (O(retries) + 1) times O(timeout), plus the waits between attempts (each at most 8
        seconds).
      - If not set, the environment variable E(COPR_TIMEOUT) is used, then V(30).
    type: float
  retries:
    description:
      - How many times a failed request is repeated, from V(0) to V(10), with a growing wait between attempts
        (0.5 seconds doubling up to 8 seconds, with jitter; a longer C(Retry-After) from the server is followed up
        to the same 8-second cap).
      - Repeated are connection errors, timeouts, HTTP 429, 502, 503, 504, and HTTP 500 answers saying that
        another action on the project is in progress. A fork is repeated only after checking that the first
        attempt did not create the destination.
      - If not set, the environment variable E(COPR_RETRIES) is used, then V(3).
    type: int
notes:
  - Modules read the environment variables and the config file on the host they run on (the managed node, unless
    the task is delegated); lookups read them on the controller.
  - Options can be set once for all the collection's modules with C(module_defaults) and the action group
    C(group/fedora.copr.copr). C(module_defaults) does not reach lookups; they take the options of the lookup call,
    the C(copr_*) variables, the environment variables or the config file.
  - Requires the Python library C(requests) where the plugin runs (the host that runs the module; for a lookup,
    the controller).
requirements:
  - requests
"""

    # The lookups' extra sources of the same options (environment variables and variables).
    PLUGINS = r"""
options:
  api_url:
    env:
      - name: COPR_URL
    vars:
      - name: copr_api_url
  api_login:
    env:
      - name: COPR_LOGIN
    vars:
      - name: copr_api_login
  api_token:
    env:
      - name: COPR_TOKEN
    vars:
      - name: copr_api_token
  username:
    env:
      - name: COPR_USERNAME
    vars:
      - name: copr_username
  config_file:
    env:
      - name: COPR_CONFIG
    vars:
      - name: copr_config_file
  validate_certs:
    env:
      - name: COPR_VALIDATE_CERTS
    vars:
      - name: copr_validate_certs
  ca_path:
    env:
      - name: COPR_CA_PATH
    vars:
      - name: copr_ca_path
  timeout:
    env:
      - name: COPR_TIMEOUT
    vars:
      - name: copr_timeout
  retries:
    env:
      - name: COPR_RETRIES
    vars:
      - name: copr_retries
"""

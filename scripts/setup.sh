#!/usr/bin/env bash
# Installs what ecrguard needs on a fresh Debian machine with Swift. Idempotent and quiet when
# everything is already there. Usage: scripts/setup.sh [build|test]
#   build: C libraries for the build (libcurl, OpenSSL, libxml2, pkg-config)
#   test:  additionally the real servers and clients the tests use (moto_server and the AWS CLI
#          from PyPI, headless chromium for the HTML report, python jsonschema for SARIF,
#          python jmespath for the JMESPath differential test, cfn-lint for the CloudFormation fixtures,
#          python markdown to render `diff --format markdown` in its test,
#          docker-registry + skopeo + htpasswd for the image push/pull tests, amazon-ecr-credential-helper
#          for the credential-helper comparison test)
set -euo pipefail
mode=${1:-build}

apt_packages=(libcurl4-openssl-dev libssl-dev libxml2-dev pkg-config)
if [ "$mode" = test ]; then
  apt_packages+=(chromium docker-registry skopeo apache2-utils amazon-ecr-credential-helper openssl)
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = test ]; then
  py_missing=()
  python3 -c 'import moto, flask, werkzeug' 2>/dev/null && command -v moto_server >/dev/null || py_missing+=('moto[server]')
  command -v aws >/dev/null || py_missing+=(awscli)
  python3 -c 'import jsonschema' 2>/dev/null || py_missing+=(jsonschema)
  # The oracle of the JMESPath differential test (normally already there with awscli).
  python3 -c 'import jmespath' 2>/dev/null || py_missing+=(jmespath)
  # Renders `ecrguard diff --format markdown` to HTML in its test (tables, links, code).
  python3 -c 'import markdown' 2>/dev/null || py_missing+=(markdown)
  # The oracle of the --output yaml tests: the YAML library (and its libyaml binding) AWS CLI v2 pins.
  python3 -c 'import ruamel.yaml, _ruamel_yaml' 2>/dev/null || py_missing+=('ruamel.yaml==0.17.21' 'ruamel.yaml.clib==0.2.12')
  # Keeps the CloudFormation fixtures schema-valid (Tests/CloudFormationImportTests).
  command -v cfn-lint >/dev/null || py_missing+=('cfn-lint==1.51.0')
  if [ ${#py_missing[@]} -gt 0 ]; then
    echo "setup: pip installing ${py_missing[*]}" >&2
    python3 -m pip install -q --disable-pip-version-check "${py_missing[@]}"
    command -v pyenv >/dev/null && pyenv rehash || true
  fi
fi

#!/usr/bin/env bash
# The kubeadm PKI set made with the openssl command line, as a hand-written script would make it
# (one genpkey + req + x509 per certificate, sequentially): the benchmark's baseline.
# Usage: bench/openssl-pki.sh DIR [RSA-2048|RSA-3072|RSA-4096|ECDSA-P256|ECDSA-P384]
set -euo pipefail
dir="$1"
alg="${2:-RSA-2048}"
node=node-1
ip=10.211.0.10
case "$alg" in
  RSA-*) keyopts=(-algorithm RSA -pkeyopt "rsa_keygen_bits:${alg#RSA-}"); digest=-sha256 ;;
  ECDSA-P256) keyopts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256); digest=-sha256 ;;
  ECDSA-P384) keyopts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-384); digest=-sha384 ;;
  *) echo "unknown algorithm $alg" >&2; exit 2 ;;
esac
mkdir -p "$dir/etcd"
cd "$dir"
ext="$(mktemp)"
trap 'rm -f "$ext"' EXIT

key() { openssl genpkey "${keyopts[@]}" -out "$1.key" 2>/dev/null; chmod 600 "$1.key"; }

ca() { # base cn
  key "$1"
  openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 3650 "$digest" -out "$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -addext "subjectAltName=DNS:$2"
}

leaf() { # base subject ca eku [san]
  key "$1"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$4"
    echo "authorityKeyIdentifier=keyid"
    [ -n "${5:-}" ] && echo "subjectAltName=$5"
  } >"$ext"
  openssl req -new -key "$1.key" -subj "$2" |
    openssl x509 -req -CA "$3.crt" -CAkey "$3.key" -CAcreateserial -days 365 "$digest" -extfile "$ext" \
      -out "$1.crt" 2>/dev/null
}

etcd_sans="DNS:localhost,DNS:$node,IP:$ip,IP:127.0.0.1,IP:::1"
ca ca kubernetes
leaf apiserver "/CN=kube-apiserver" ca serverAuth \
  "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:$node,IP:10.96.0.1,IP:$ip"
leaf apiserver-kubelet-client "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client" ca clientAuth
ca front-proxy-ca front-proxy-ca
leaf front-proxy-client "/CN=front-proxy-client" front-proxy-ca clientAuth
ca etcd/ca etcd-ca
leaf etcd/server "/CN=$node" etcd/ca serverAuth,clientAuth "$etcd_sans"
leaf etcd/peer "/CN=$node" etcd/ca serverAuth,clientAuth "$etcd_sans"
leaf etcd/healthcheck-client "/CN=kube-etcd-healthcheck-client" etcd/ca clientAuth
leaf apiserver-etcd-client "/CN=kube-apiserver-etcd-client" etcd/ca clientAuth
key sa
openssl pkey -in sa.key -pubout -out sa.pub
chmod 600 sa.pub

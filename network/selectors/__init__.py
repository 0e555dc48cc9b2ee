"""Reads of the network: `figures` (the network in numbers and the grant report's figures),
`survey` (the yearly survey's aggregates and who has answered) and `partners`. Import from the
module that holds what you need."""

# The fragments scopes this app's writes move on (see network.signals).
MEMBERS_SCOPE = "members"
NETWORK_SCOPE = "network"

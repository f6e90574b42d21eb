"""The quality review's part of the API (``caseflow.api.views`` loads it for every kind ``caseflow.kinds``
lists). A review is read through ``GET /items/{id}`` (its ``api_fields``) and moved through its events like
any item; it is drawn and filled in on the leader's and reviewer's pages only, since a review is a
person's judgement and no person may review their own case, which a client's token cannot show."""
